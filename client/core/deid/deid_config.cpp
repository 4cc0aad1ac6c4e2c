#include "client/core/deid/deid_config.h"

#include "shared/crypto/keyed_hash.h"
#include "shared/crypto/random.h"

namespace limn::deid {

namespace {

struct OptionNames {
  ProfileOption option;
  std::string_view cli;
  std::string_view title;
};

constexpr OptionNames kOptionNames[] = {
    {ProfileOption::kRetainSafePrivate, "retain-safe-private", "Retain Safe Private Option"},
    {ProfileOption::kRetainUids, "retain-uids", "Retain UIDs Option"},
    {ProfileOption::kRetainFullDates, "retain-full-dates",
     "Retain Longitudinal Temporal Information with Full Dates Option"},
    {ProfileOption::kRetainModifiedDates, "retain-modified-dates",
     "Retain Longitudinal Temporal Information with Modified Dates Option"},
    {ProfileOption::kRetainDeviceIdentity, "retain-device-identity", "Retain Device Identity Option"},
    {ProfileOption::kRetainPatientCharacteristics, "retain-patient-characteristics",
     "Retain Patient Characteristics Option"},
    {ProfileOption::kRetainInstitutionIdentity, "retain-institution-identity",
     "Retain Institution Identity Option"},
    {ProfileOption::kCleanDescriptors, "clean-descriptors", "Clean Descriptors Option"},
    {ProfileOption::kCleanGraphics, "clean-graphics", "Clean Graphics Option"},
    {ProfileOption::kCleanStructuredContent, "clean-structured-content", "Clean Structured Content Option"},
};

constexpr std::string_view kKeyContext = "limn deid project key v1";

}  // namespace

Result<DeidProfile> parseProfileName(std::string_view name) {
  if (name == "safe-harbor") return DeidProfile::kSafeHarbor;
  if (name == "basic") return DeidProfile::kBasic;
  return makeError(ErrorCode::kInvalidArgument,
                   "unknown profile '" + std::string(name) + "' (safe-harbor or basic)");
}

std::string_view profileName(DeidProfile p) { return p == DeidProfile::kBasic ? "basic" : "safe-harbor"; }

Result<ProfileOption> parseOptionName(std::string_view name) {
  for (const OptionNames& o : kOptionNames)
    if (o.cli == name) return o.option;
  std::string known;
  for (const OptionNames& o : kOptionNames) known += (known.empty() ? "" : ", ") + std::string(o.cli);
  return makeError(ErrorCode::kInvalidArgument, "unknown option '" + std::string(name) + "' (" + known + ")");
}

std::string_view optionName(ProfileOption o) { return kOptionNames[static_cast<std::size_t>(o)].cli; }
std::string_view optionTitle(ProfileOption o) { return kOptionNames[static_cast<std::size_t>(o)].title; }

ProfileOptions safeHarborOptions() {
  ProfileOptions o;
  for (ProfileOption p : {ProfileOption::kRetainPatientCharacteristics, ProfileOption::kCleanDescriptors,
                          ProfileOption::kCleanStructuredContent, ProfileOption::kRetainSafePrivate,
                          ProfileOption::kCleanGraphics})
    o.set(static_cast<std::size_t>(p));
  return o;
}

ProfileOptions DeidConfig::effectiveOptions() const {
  return profile == DeidProfile::kSafeHarbor ? (options | safeHarborOptions()) : options;
}

Result<ProjectKey> projectKeyFromSecret(std::span<const std::uint8_t> secret) {
  if (secret.size() < 16)
    return makeError(ErrorCode::kInvalidArgument, "the project secret must hold at least 16 bytes");
  ProjectKey key{};
  crypto::genericHash(secret, kKeyContext, key);
  return key;
}

ProjectKey ephemeralProjectKey() {
  ProjectKey key{};
  crypto::randomBytes(key);
  return key;
}

}  // namespace limn::deid
