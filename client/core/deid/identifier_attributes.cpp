#include "client/core/deid/identifier_attributes.h"

namespace limn::deid {

namespace {

constexpr std::uint32_t tagOf(std::uint16_t g, std::uint16_t e) { return std::uint32_t{g} << 16 | e; }

struct LearnedAttribute {
  std::uint32_t tag;
  IdentifierKind kind;
  ProfileOption retainedBy;  // not learned when this option keeps it
  bool retainable;
};
constexpr LearnedAttribute kLearned[] = {
    {tagOf(0x0010, 0x0020), IdentifierKind::kIdentifier, {}, false},  // Patient ID
    {tagOf(0x0010, 0x1000), IdentifierKind::kIdentifier, {}, false},  // Other Patient IDs
    {tagOf(0x0010, 0x0021), IdentifierKind::kIdentifier, {}, false},  // Issuer of Patient ID
    {tagOf(0x0008, 0x0050), IdentifierKind::kIdentifier, {}, false},  // Accession Number
    {tagOf(0x0020, 0x0010), IdentifierKind::kIdentifier, {}, false},  // Study ID
    {tagOf(0x0010, 0x1050), IdentifierKind::kIdentifier, {}, false},  // Insurance Plan Identification
    {tagOf(0x0010, 0x1090), IdentifierKind::kIdentifier, {}, false},  // Medical Record Locator
    {tagOf(0x0038, 0x0010), IdentifierKind::kIdentifier, {}, false},  // Admission ID
    {tagOf(0x0040, 0x2016), IdentifierKind::kIdentifier, {}, false},  // Placer Order Number
    {tagOf(0x0040, 0x2017), IdentifierKind::kIdentifier, {}, false},  // Filler Order Number
    {tagOf(0x0040, 0x1001), IdentifierKind::kIdentifier, {}, false},  // Requested Procedure ID
    {tagOf(0x0040, 0x0009), IdentifierKind::kIdentifier, {}, false},  // Scheduled Procedure Step ID
    {tagOf(0x0040, 0x0253), IdentifierKind::kIdentifier, {}, false},  // Performed Procedure Step ID
    {tagOf(0x0010, 0x1040), IdentifierKind::kAddress, {}, false},     // Patient's Address
    {tagOf(0x0008, 0x0092), IdentifierKind::kAddress, {}, false},     // Referring Physician's Address
    {tagOf(0x0040, 0x1102), IdentifierKind::kAddress, {}, false},     // Person's Address
    {tagOf(0x0010, 0x2154), IdentifierKind::kPhone, {}, false},       // Patient's Telephone Numbers
    {tagOf(0x0010, 0x2155), IdentifierKind::kPhone, {}, false},       // Patient's Telecom Information
    {tagOf(0x0008, 0x0094), IdentifierKind::kPhone, {}, false},       // Referring Physician's Telephone
    {tagOf(0x0040, 0x1103), IdentifierKind::kPhone, {}, false},       // Person's Telephone Numbers
    {tagOf(0x0040, 0x1104), IdentifierKind::kPhone, {}, false},       // Person's Telecom Information
    {tagOf(0x0010, 0x0030), IdentifierKind::kDate, {}, false},        // Patient's Birth Date
    {tagOf(0x0008, 0x0080), IdentifierKind::kOther, ProfileOption::kRetainInstitutionIdentity, true},
    {tagOf(0x0008, 0x0081), IdentifierKind::kAddress, ProfileOption::kRetainInstitutionIdentity, true},
    {tagOf(0x0008, 0x1040), IdentifierKind::kOther, ProfileOption::kRetainInstitutionIdentity, true},
    {tagOf(0x0008, 0x1010), IdentifierKind::kOther, ProfileOption::kRetainDeviceIdentity, true},  // Station
    {tagOf(0x0018, 0x1000), IdentifierKind::kOther, ProfileOption::kRetainDeviceIdentity, true},  // Serial
};

}  // namespace

std::optional<IdentifierKind> identifierKindOf(std::uint32_t tag, const DeidConfig& config) {
  for (const LearnedAttribute& a : kLearned)
    if (a.tag == tag) return a.retainable && config.has(a.retainedBy) ? std::nullopt : std::optional(a.kind);
  return std::nullopt;
}

}  // namespace limn::deid
