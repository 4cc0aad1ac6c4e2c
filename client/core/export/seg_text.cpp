#include "client/core/export/seg_text.h"

#include <algorithm>
#include <optional>

#include "client/core/dicom/dataset_edit.h"
#include "client/core/dicom/dicom_text.h"

namespace limn::exporting {

using dicom::stringAt;
using dicom::tagOf;

std::string firstCharacters(std::string_view utf8, std::size_t n) {
  std::size_t end = 0, characters = 0;
  for (; end < utf8.size(); ++end)
    if ((static_cast<unsigned char>(utf8[end]) & 0xC0) != 0x80 && characters++ == n) break;
  return std::string(utf8.substr(0, end));
}

namespace {

bool isAscii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// Code points up to U+00FF as ISO 8859-1 bytes; nullopt for any other.
std::optional<std::string> utf8ToLatin1(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      out += static_cast<char>(c);
    } else if ((c == 0xC2 || c == 0xC3) && i + 1 < s.size() && (static_cast<unsigned char>(s[i + 1]) & 0xC0) == 0x80) {
      out += static_cast<char>(((c & 0x03) << 6) | (static_cast<unsigned char>(s[++i]) & 0x3F));
    } else {
      return std::nullopt;
    }
  }
  return out;
}

}  // namespace

std::string latin1ToUtf8(std::string_view s) {
  std::string out;
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x80) {
      out += ch;
    } else {
      out += static_cast<char>(0xC0 | (c >> 6));
      out += static_cast<char>(0x80 | (c & 0x3F));
    }
  }
  return out;
}

Result<SegText> segText(const gdcm::DataSet& source, const std::vector<std::string>& ours) {
  SegText t;
  for (const std::string& s : ours) {
    if (s.find('\\') != std::string::npos)
      return makeError(ErrorCode::kInvalidArgument, "'" + s + "' holds a backslash, which separates values in DICOM text: "
                                                        "rename it in the schema");
    t.encoded[s] = firstCharacters(s, 64);
  }
  const auto nonAscii = std::find_if(ours.begin(), ours.end(), [](const std::string& s) { return !isAscii(s); });
  if (nonAscii == ours.end()) return t;
  const std::string set(dicom::trimPadding(stringAt(source, tagOf(0x0008, 0x0005))));
  if (set.empty() || set == "ISO_IR 192") {
    t.characterSet = "ISO_IR 192";
    return t;
  }
  if (set == "ISO_IR 100") {
    for (auto& [utf8, written] : t.encoded) {
      auto latin1 = utf8ToLatin1(written);
      if (!latin1) return makeError(ErrorCode::kUnsupportedEncoding, "'" + utf8 + "' has letters the source's Latin-1 text cannot hold");
      written = std::move(*latin1);
    }
    return t;
  }
  return makeError(ErrorCode::kUnsupportedEncoding, "the source's character set " + set +
                                                        " is not one Limn writes its own text in ('" + *nonAscii + "')");
}

}  // namespace limn::exporting
