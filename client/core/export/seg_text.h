// The text a DICOM SEG writes of its own (segment labels, the schema's
// name, code meanings), encoded for the Specific Character Set of the
// source it copies patient and study text from.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <gdcmDataSet.h>

#include "shared/error/result.h"

namespace limn::exporting {

// The SEG's own text (segment labels, the schema's name) is UTF-8; the
// patient and study text it copies is in the source's character set. One
// Specific Character Set must describe both: UTF-8 where the source's text
// is ASCII or UTF-8 already, Latin-1 (our text converted) for an ISO_IR 100
// source, and a clear refusal where our text cannot be written in the
// source's set.
struct SegText {
  std::string characterSet;  // empty: the source's, copied
  std::map<std::string, std::string> encoded;  // our UTF-8 text -> as written (LO: 64 characters at most)
  const std::string& operator()(const std::string& utf8) const { return encoded.at(utf8); }
};

// `ours` as the SEG writes it beside `source`'s text; an error names the
// text that cannot be written (a backslash, letters the source's set lacks).
Result<SegText> segText(const gdcm::DataSet& source, const std::vector<std::string>& ours);

// Latin-1 (ISO_IR 100) text as UTF-8: a SEG's labels read back.
std::string latin1ToUtf8(std::string_view s);

// The first `n` characters (not bytes) of UTF-8 text: LO holds 64.
std::string firstCharacters(std::string_view utf8, std::size_t n);

}  // namespace limn::exporting
