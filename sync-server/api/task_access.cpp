#include "sync-server/api/task_access.h"

#include "shared/cli/args.h"

namespace limn::server {

std::set<int> reviewLevels(const ProjectAccess& access) {
  std::set<int> levels;
  for (Role r : access.roles)
    if (reviewLevelOf(r) > 0) levels.insert(reviewLevelOf(r));
  return levels;
}

bool canSee(const TaskRecord& t, const ProjectAccess& access, std::int64_t userId) {
  if (access.manages()) return true;
  if (t.assignee == userId) return true;
  return t.state == TaskState::kInReview && reviewLevels(access).count(t.reviewLevel);
}

Result<std::pair<TaskRecord, ProjectAccess>> taskFor(Call& call, ProjectNeed need) {
  // Whole: "1abc" or "+1" is not task 1.
  auto parsed = parseInteger(call.params.at(0), "a task id", 1, INT64_MAX);
  if (!parsed) return parsed.error();
  const std::int64_t id = *parsed;
  call.event.resource = "task:" + std::to_string(id);
  auto task = findTask(call.ctx.db, id);
  if (!task) return task.error();
  const Error hidden = makeError(ErrorCode::kForbidden, "forbidden: not a task you can see");
  if (!*task) return call.user().isAdmin ? makeError(ErrorCode::kNotFound, "no such task") : hidden;
  auto access = projectAccessById(call, (*task)->projectId, need);
  if (!access) return access.error();
  if (!canSee(**task, *access, call.user().userId)) return hidden;
  return std::make_pair(**task, *access);
}

Result<std::pair<TaskRecord, ProjectAccess>> taskContentFor(Call& call) {
  auto found = taskFor(call, ProjectNeed::kMember);
  if (!found) return found.error();
  if (found->second.roles.empty())
    return makeError(ErrorCode::kForbidden,
                     "forbidden: a task's content is for its project's members; administrators who are not "
                     "members manage it without reading it");
  return found;
}

}  // namespace limn::server
