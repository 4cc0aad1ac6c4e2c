// Who may do what in a project, decided once for every project endpoint:
// members by role, server administrators for management only (they read
// content only if they are members holding the project key).
#pragma once

#include <initializer_list>
#include <set>
#include <string>

#include "sync-server/http/router.h"
#include "sync-server/store/project_records.h"

namespace limn::server {

struct ProjectAccess {
  ProjectRecord project;
  std::set<Role> roles;
  bool serverAdmin = false;
  bool has(Role r) const { return roles.count(r) > 0; }
  bool manages() const { return serverAdmin || has(Role::kAdmin); }
};

enum class ProjectNeed : std::uint8_t {
  kMember,   // any role (or a server administrator)
  kManager,  // project admin role or server administrator
};

// 403 for a project the caller may not see, whether or not it exists, so
// names of other projects do not leak; 404 only to server administrators.
Result<ProjectAccess> projectAccess(Call& call, const std::string& projectName, ProjectNeed need);
Result<ProjectAccess> projectAccessById(Call& call, std::int64_t projectId, ProjectNeed need);

}  // namespace limn::server
