// Finds identifiers inside free text: the values a file itself carries
// (a patient's name or ID repeated in a description or comment) and the
// shapes every identifier of a Safe Harbor class has in text (e-mail
// addresses, URLs, IP addresses, phone and social security numbers, dates,
// ZIP codes). Matches are overwritten with 'X', keeping the value's length
// so every VR's length limit still holds.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace limn::deid {

enum class IdentifierKind : unsigned char {
  kPersonName,  // PN values: family, given, middle names
  kIdentifier,  // patient IDs, accession and other record numbers
  kAddress,     // street, city, ZIP
  kPhone,
  kDate,        // a date tied to the person (birth date)
  kOther,       // institution, station, serial numbers
};

class FreeTextScrubber {
 public:
  // Learns one value the data set carries, so it is found in text too.
  void learn(std::string_view value, IdentifierKind kind);

  // Overwrites every learned value and every identifier pattern in `text`;
  // returns how many matches were overwritten.
  std::size_t scrub(std::string& text) const;

 private:
  struct Needle {
    std::string text;  // upper-case (two-byte runs: as written)
    bool digitsOnly;
    bool anywhere = false;  // a run of an ISO 2022 two-byte set: no word boundaries
  };
  void add(std::string_view token, std::size_t minLength);
  void learnMultiByteRuns(std::string_view value);
  std::vector<Needle> m_needles;
};

// The identifier patterns alone (used by scrub()); exposed for tests.
std::size_t scrubIdentifierPatterns(std::string& text);

}  // namespace limn::deid
