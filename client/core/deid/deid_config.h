// What a de-identification run is asked to do: the profile, its options,
// the project secret behind consistent UIDs and date shifts, and the
// decision about files that may carry burned-in text.
#pragma once

#include <array>
#include <bitset>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "client/core/deid/profile_table.h"
#include "shared/error/result.h"

namespace limn::deid {

enum class DeidProfile : std::uint8_t {
  kBasic,        // PS3.15 Basic Application Level Confidentiality Profile
  kSafeHarbor,   // Basic + HIPAA Safe Harbor (45 CFR 164.514(b)(2)); the default
};

using ProfileOptions = std::bitset<kProfileOptionCount>;

// "safe-harbor" / "basic"; option names as on the CLI ("retain-uids", ...).
Result<DeidProfile> parseProfileName(std::string_view name);
std::string_view profileName(DeidProfile p);
Result<ProfileOption> parseOptionName(std::string_view name);
std::string_view optionName(ProfileOption o);
std::string_view optionTitle(ProfileOption o);  // the standard's name

// Options Safe Harbor turns on over Basic: keep what is clinically useful and
// not one of the 18 identifiers (age, sex, size, weight; descriptions and
// structured content, cleaned; vendor scaling factors), remove graphics.
ProfileOptions safeHarborOptions();

// The project secret keys every pseudonym (UIDs, patient IDs, date shifts):
// the same secret gives the same outputs on any machine, another secret
// gives unlinkable ones. Never written to any output.
inline constexpr std::size_t kProjectKeyBytes = 32;
using ProjectKey = std::array<std::uint8_t, kProjectKeyBytes>;

// Derives the key from a secret file's bytes (at least 16 of them).
Result<ProjectKey> projectKeyFromSecret(std::span<const std::uint8_t> secret);
// A fresh random key, for runs without a project secret (nothing linkable).
ProjectKey ephemeralProjectKey();

// A rectangle of pixels to blank, in image pixel coordinates.
struct RedactionBox {
  std::uint32_t x = 0, y = 0, width = 0, height = 0;
};

// Boxes for images of one device and size (a site's screen layout).
struct RedactionTemplate {
  std::string manufacturer;  // compared case-insensitively; empty matches any
  std::string model;         // (0008,1090); empty matches any
  std::uint32_t rows = 0, columns = 0;  // 0 matches any
  std::vector<RedactionBox> boxes;
};

// What to do with files that may carry burned-in identifiers.
struct BurnedInPolicy {
  std::vector<RedactionTemplate> templates;  // first match wins
  std::vector<RedactionBox> boxes;           // for at-risk files no template matches
  bool releaseReviewed = false;  // a person checked them: release without redaction
};

struct DeidConfig {
  DeidProfile profile = DeidProfile::kSafeHarbor;
  ProfileOptions options;           // on top of the profile's own
  ProjectKey key{};
  bool keyIsEphemeral = true;
  BurnedInPolicy burnedIn;
  std::uint32_t minK = 5;           // k-anonymity below this warns

  // Options in force: the profile's plus the requested ones.
  ProfileOptions effectiveOptions() const;
  bool has(ProfileOption o) const { return effectiveOptions().test(static_cast<std::size_t>(o)); }
};

}  // namespace limn::deid
