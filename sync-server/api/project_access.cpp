#include "sync-server/api/project_access.h"

namespace limn::server {

namespace {

Result<ProjectAccess> decide(Call& call, Result<std::optional<ProjectRecord>> found, ProjectNeed need) {
  if (!found) return found.error();
  const Caller& who = call.user();
  const Error hidden = makeError(ErrorCode::kForbidden, "forbidden: not a member of this project");
  if (!*found) return who.isAdmin ? makeError(ErrorCode::kNotFound, "no such project") : hidden;
  ProjectAccess access{**found, {}, who.isAdmin};
  auto roles = rolesIn(call.ctx.db, access.project.id, who.userId);
  if (!roles) return roles.error();
  access.roles = *roles;
  // The project is the request's resource unless it already named a
  // narrower one (a task).
  if (call.event.resource == kNoResource) call.event.resource = "project:" + std::to_string(access.project.id);
  if (!access.serverAdmin && access.roles.empty()) return hidden;
  if (access.project.requireMfa && !who.mfa)
    return makeError(ErrorCode::kForbidden, "forbidden: this project requires a session with a second factor");
  if (need == ProjectNeed::kManager && !access.manages())
    return makeError(ErrorCode::kForbidden, "forbidden: project administrators only");
  return access;
}

}  // namespace

Result<ProjectAccess> projectAccess(Call& call, const std::string& projectName, ProjectNeed need) {
  return decide(call, findProject(call.ctx.db, projectName), need);
}

Result<ProjectAccess> projectAccessById(Call& call, std::int64_t projectId, ProjectNeed need) {
  return decide(call, findProjectById(call.ctx.db, projectId), need);
}

}  // namespace limn::server
