#include "client/core/deid/free_text_scrubber.h"

#include <algorithm>
#include <cctype>
#include <regex>

#include "client/core/dicom/dicom_text.h"

namespace limn::deid {

using dicom::joinValues;
using dicom::splitValues;
using dicom::trimPadding;

namespace {

bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isLetter(char c) { return std::isalpha(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80; }

// Upper case byte for byte, the same length, so a match's position holds in
// the original: ASCII, the Latin-1 letters of ISO_IR 100 (à..þ) and their
// UTF-8 forms (C3 A0..BE), so "Müller" is found in "MÜLLER" in either
// character set. Only used to compare.
std::string upperCopy(std::string_view s) {
  std::string out(s);
  for (std::size_t i = 0; i < out.size(); ++i) {
    const auto c = static_cast<unsigned char>(out[i]);
    const bool latin1Lower = c >= 0xE0 && c <= 0xFE && c != 0xF7;
    const bool utf8Lower = i > 0 && static_cast<unsigned char>(s[i - 1]) == 0xC3 && c >= 0xA0 && c <= 0xBE && c != 0xB7;
    if (c < 0x80) {
      out[i] = static_cast<char>(std::toupper(c));
    } else if (latin1Lower || utf8Lower) {
      out[i] = static_cast<char>(c - 0x20);
    }
  }
  return out;
}

// A match must not continue a word of the same kind: "ANN" is not found in
// "ANNUAL", "123" not in "91234", but "12345" is found in "MRN12345".
bool atBoundary(const std::string& text, std::size_t begin, std::size_t end, bool digits) {
  auto sameKind = [digits](char c) { return digits ? isDigit(c) : (isLetter(c) || isDigit(c)); };
  return (begin == 0 || !sameKind(text[begin - 1])) && (end >= text.size() || !sameKind(text[end]));
}

void overwrite(std::string& text, std::size_t begin, std::size_t end) {
  for (std::size_t i = begin; i < end; ++i)
    if (text[i] != ' ') text[i] = 'X';
}

// Date spellings of a DICOM DA value (YYYYMMDD) as people write them.
std::vector<std::string> dateSpellings(std::string_view da) {
  if (da.size() != 8 || !std::all_of(da.begin(), da.end(), isDigit)) return {};
  const std::string y(da.substr(0, 4)), m(da.substr(4, 2)), d(da.substr(6, 2));
  return {y + m + d, y + "-" + m + "-" + d, y + "/" + m + "/" + d, y + "." + m + "." + d,
          m + "/" + d + "/" + y, d + "/" + m + "/" + y, d + "." + m + "." + y, m + "-" + d + "-" + y,
          d + "-" + m + "-" + y};
}


// A shape, and which capture group of it is the identifier (0: all).
struct IdentifierPattern {
  std::regex re;
  int group;
};

const std::vector<IdentifierPattern>& identifierPatterns() {
  static const std::vector<IdentifierPattern> patterns = [] {
    const auto flags = std::regex::ECMAScript | std::regex::icase | std::regex::optimize;
    auto p = [&](const std::string& re, int group = 0) { return IdentifierPattern{std::regex(re, flags), group}; };
    // Month names: after a day in any case ("4 MAR 2019", "04-mar-19");
    // before one only as dates are capitalised ("March 4, 2019", "Oct 2019"),
    // so "dose may 1000", "OCT 2000" (a scanner) and "MAR 30" (metal
    // artefact reduction) stay. The year is 19xx or 20xx, or two digits in
    // the dd-Mon-yy form alone.
    const std::string month = R"((jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|)"
                              R"(sep(t(ember)?)?|oct(ober)?|nov(ember)?|dec(ember)?)\b\.?)";
    const std::string day = R"((0?[1-9]|[12]\d|3[01])(st|nd|rd|th)?)";
    const auto cased = [](const std::string& re) {
      return IdentifierPattern{std::regex(re, std::regex::ECMAScript | std::regex::optimize), 0};
    };
    const std::string capitalisedMonth =
        R"((Jan(uary)?|Feb(ruary)?|Mar(ch)?|Apr(il)?|May|June?|July?|Aug(ust)?|Sep(t(ember)?)?|Oct(ober)?|)"
        R"(Nov(ember)?|Dec(ember)?|JANUARY|FEBRUARY|MARCH|APRIL|JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER|NOVEMBER|)"
        R"(DECEMBER)\b\.?)";
    return std::vector<IdentifierPattern>{
        p(R"([A-Z0-9._%+-]+@[A-Z0-9.-]+\.[A-Z]{2,})"),                  // e-mail
        p(R"((https?|ftp)://[^\s\\]+|www\.[^\s\\]+)"),                  // URL
        p(R"(\b(\d{1,3}\.){3}\d{1,3}\b)"),                              // IPv4
        p(R"(\b[0-9A-F]{1,4}(:[0-9A-F]{1,4}){7}\b)"),                   // IPv6
        p(R"(\b\d{3}-\d{2}-\d{4}\b)"),                                  // SSN
        p(R"((\+?1[\s.-]?)?\(?\b\d{3}\)?[\s.-]?\d{3}[\s.-]\d{4}\b)"),   // phone, fax
        p(R"(\b\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\b)"),                      // 2019-03-04
        p(R"(\b\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}\b)"),                    // 03/04/2019
        p(R"(\b(19|20)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])\b)"),   // 20190304
        // Months by name: "4 March 2021", "04-Mar-2021", "March 4, 2021", "March 2021".
        p(R"(\b)" + day + R"([\s.-]*)" + month + R"([\s.,-]*(19|20)\d{2}\b)"),
        p(R"(\b)" + day + "-" + month + R"(-\d{2}\b)"),
        cased(R"(\b)" + capitalisedMonth + R"(\s+()" + day + R"(,?\s+)?(19|20)\d{2}\b)"),
        p(R"(\b[A-Z]{2}\s+\d{5}(-\d{4})?\b)"),                          // state + ZIP
        // A code named by the word before it: "plate 7QXZ123", "MRN: 4455".
        p(R"(\b(plate|licen[cs]e|lic|account|acct|mrn|ssn|id|no|number|fingerprint|serial|s/n|sn|policy|)"
          R"(member|vin|badge|passport|certificate|device)\b[\s:#.=-]*([A-Z0-9-]*\d[A-Z0-9-]*))",
          2),
    };
  }();
  return patterns;
}

// Long alphanumeric codes anywhere: 7+ characters of which 5+ are digits
// ("QX99812377", "FP883311", "88776655"). Clinical words rarely look so;
// image sizes ("512x512") do, and stay.
std::size_t scrubLongCodes(std::string& text) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < text.size();) {
    if (!std::isalnum(static_cast<unsigned char>(text[i]))) {
      ++i;
      continue;
    }
    std::size_t end = i, digits = 0;
    for (; end < text.size() && std::isalnum(static_cast<unsigned char>(text[end])); ++end)
      digits += isDigit(text[end]);
    const std::string_view token(text.data() + i, end - i);
    const std::size_t x = token.find_first_of("xX");
    const bool size = x != std::string_view::npos && x > 0 && digits == token.size() - 1;
    if (token.size() >= 7 && digits >= 5 && !size) {
      overwrite(text, i, end);
      ++count;
    }
    i = end;
  }
  return count;
}

}  // namespace

std::size_t scrubIdentifierPatterns(std::string& text) {
  std::size_t count = 0;
  for (const IdentifierPattern& p : identifierPatterns()) {
    std::vector<std::pair<std::size_t, std::size_t>> spans;
    for (auto it = std::sregex_iterator(text.begin(), text.end(), p.re); it != std::sregex_iterator(); ++it)
      if ((*it)[p.group].matched && it->length(p.group) > 0)
        spans.emplace_back(static_cast<std::size_t>(it->position(p.group)),
                           static_cast<std::size_t>(it->length(p.group)));
    for (auto [pos, len] : spans) overwrite(text, pos, pos + len);
    count += spans.size();
  }
  return count + scrubLongCodes(text);
}

void FreeTextScrubber::add(std::string_view token, std::size_t minLength) {
  token = trimPadding(token);
  if (token.size() < minLength) return;
  const bool digits = std::all_of(token.begin(), token.end(), isDigit);
  if (!digits && !std::any_of(token.begin(), token.end(), [](char c) { return isLetter(c) || isDigit(c); }))
    return;
  std::string up = upperCopy(token);
  for (const Needle& n : m_needles)
    if (n.text == up) return;
  m_needles.push_back({std::move(up), digits});
}

void FreeTextScrubber::learn(std::string_view value, IdentifierKind kind) {
  value = trimPadding(value);
  if (value.empty()) return;
  // Multi-valued attributes (backslash) are separate values.
  if (value.find('\\') != std::string_view::npos) {
    for (std::string_view v : splitValues(value)) learn(v, kind);
    return;
  }
  add(value, 2);
  learnMultiByteRuns(value);
  if (kind == IdentifierKind::kDate) {
    for (const std::string& s : dateSpellings(value)) add(s, 6);
    return;
  }
  // Parts: PN components (^ and =), words of addresses and names.
  const std::size_t minPart = kind == IdentifierKind::kPersonName ? 2 : 3;
  std::string_view rest = value;
  while (!rest.empty()) {
    const std::size_t cut = rest.find_first_of("^= ,;/");
    add(rest.substr(0, cut), minPart);
    if (cut == std::string_view::npos) break;
    rest.remove_prefix(cut + 1);
  }
}

// ISO 2022 text (Japanese, Korean, Chinese under ISO 2022 IR 87, 149, 58,
// ...) switches to two-byte sets with an escape sequence; their bytes look
// like ASCII punctuation and letters, so a name written together with
// another ("山田太郎") has no word boundary and no escape between its parts.
// Each run of a two-byte set is learnt on its own and found anywhere.
void FreeTextScrubber::learnMultiByteRuns(std::string_view value) {
  for (std::size_t esc = value.find('\x1B'); esc != std::string_view::npos; esc = value.find('\x1B', esc + 1)) {
    // ESC $ F, ESC $ ( F into G0 (Japanese: its bytes look like ASCII, and
    // an escape back ends the run); ESC $ ) F into G1 (Korean, Chinese: its
    // bytes are 0xA1 and up, and ASCII such as ^ or = sits between them with
    // no escape back).
    if (esc + 2 >= value.size() || value[esc + 1] != '$') continue;
    const bool g1 = value[esc + 2] == ')';
    const std::size_t start = esc + ((value[esc + 2] == '(' || g1) ? 4 : 3);
    const std::size_t end = std::min(value.find('\x1B', start), value.size());
    if (start >= end) continue;
    const std::string_view run = value.substr(start, end - start);
    const auto inSet = [g1](char c) { return g1 ? static_cast<unsigned char>(c) >= 0xA1 : c != ' '; };
    for (std::size_t at = 0; at < run.size();) {
      std::size_t cut = at;
      while (cut < run.size() && inSet(run[cut])) ++cut;
      const std::string_view part = run.substr(at, cut - at);
      // Two characters at least where the bytes look like ASCII (G0); one
      // where they cannot (G1: a Chinese or Korean family name is one).
      if (part.size() >= (g1 ? 2u : 4u) && part.size() % 2 == 0) {
        bool known = false;
        for (const Needle& n : m_needles) known = known || n.text == part;
        if (!known) m_needles.push_back({std::string(part), false, true});
      }
      at = cut + 1;
    }
  }
}

std::size_t FreeTextScrubber::scrub(std::string& text) const {
  std::size_t count = 0;
  if (!m_needles.empty()) {
    const std::string up = upperCopy(text);
    for (const Needle& n : m_needles) {
      const std::string& haystack = n.anywhere ? text : up;  // two-byte runs compare as bytes
      for (std::size_t pos = haystack.find(n.text); pos != std::string::npos; pos = haystack.find(n.text, pos + 1)) {
        if (!n.anywhere && !atBoundary(up, pos, pos + n.text.size(), n.digitsOnly)) continue;
        overwrite(text, pos, pos + n.text.size());
        ++count;
      }
    }
  }
  return count + scrubIdentifierPatterns(text);
}

}  // namespace limn::deid
