// Roles a person holds in a project (several at once is normal). Review runs
// in levels: 0 the model's pre-annotation, 1 the annotator, 2 the physician
// reviewer, 3 the expert.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace limn::server {

enum class Role : std::uint8_t { kAnnotator, kReviewer, kExpert, kAdmin };

inline constexpr Role kAllRoles[] = {Role::kAnnotator, Role::kReviewer, Role::kExpert, Role::kAdmin};

std::string_view roleName(Role role);  // "annotator", "reviewer", "expert", "admin"
std::optional<Role> parseRole(std::string_view name);
// The review level a role works at (annotators write at level 0).
int reviewLevelOf(Role role);

}  // namespace limn::server
