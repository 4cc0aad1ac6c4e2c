// Who may see a task, decided once for every task endpoint (the task's own
// routes and its op log): project managers, its assignee, and reviewers of
// the level it waits for while it is in review.
#pragma once

#include <set>
#include <utility>

#include "sync-server/api/project_access.h"
#include "sync-server/store/task_records.h"

namespace limn::server {

// The levels `access` reviews at (reviewer: 1, expert: 2).
std::set<int> reviewLevels(const ProjectAccess& access);

bool canSee(const TaskRecord& task, const ProjectAccess& access, std::int64_t userId);

// The task named by the first path parameter and the caller's standing in
// its project; 403 for a task the caller may not see (whether or not it
// exists), 404 only to those who could see it.
Result<std::pair<TaskRecord, ProjectAccess>> taskFor(Call& call, ProjectNeed need);

// A task's content (its op log, its relayed images) goes only to members of
// its project, who hold the project key: a server administrator who is not
// a member manages the task but neither reads nor writes what is in it.
Result<std::pair<TaskRecord, ProjectAccess>> taskContentFor(Call& call);

}  // namespace limn::server
