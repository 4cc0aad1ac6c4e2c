#include "sync-server/authz/role.h"

namespace limn::server {

std::string_view roleName(Role role) {
  switch (role) {
    case Role::kAnnotator: return "annotator";
    case Role::kReviewer: return "reviewer";
    case Role::kExpert: return "expert";
    case Role::kAdmin: return "admin";
  }
  return "unknown";
}

std::optional<Role> parseRole(std::string_view name) {
  for (Role r : kAllRoles)
    if (roleName(r) == name) return r;
  if (name == "physician" || name == "physician-reviewer") return Role::kReviewer;
  return std::nullopt;
}

int reviewLevelOf(Role role) {
  switch (role) {
    case Role::kReviewer: return 1;
    case Role::kExpert: return 2;
    default: return 0;
  }
}

}  // namespace limn::server
