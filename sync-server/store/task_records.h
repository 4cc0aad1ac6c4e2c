// Tasks: one de-identified image identity to annotate in a project, its
// state, review level and assignee.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sync-server/store/database.h"
#include "sync-server/tasks/task_state.h"

namespace limn::server {

struct TaskRecord {
  std::int64_t id = 0;
  std::int64_t projectId = 0;
  std::string imageId;  // a de-identified identity (pseudonymous UID), never PHI
  TaskState state = TaskState::kNew;
  int reviewLevel = 0;  // the level it waits for while in review
  std::optional<std::int64_t> assignee;
  std::string assigneeName;
  std::string requiredQualification;
  std::int64_t deadline = 0;  // Unix seconds; 0: none
};

struct TaskFilter {
  std::optional<std::int64_t> projectId;
  std::optional<std::int64_t> assignee;
  std::optional<int> reviewLevel;  // tasks in review at this level
};

Result<std::int64_t> insertTask(Database& db, const TaskRecord& task, std::int64_t now);
Result<std::optional<TaskRecord>> findTask(Database& db, std::int64_t id);
Result<std::vector<TaskRecord>> listTasks(Database& db, const TaskFilter& filter);
// Compare-and-set: changes the task only if its state, review level and
// assignee are still those its writer read in `seen` (two admins or two
// servers assigning at once: one wins; a reviewer at level 1 cannot move
// a task that went on to level 2, nor a stale submit undo a reassignment).
Result<bool> updateTask(Database& db, const TaskRecord& task, const TaskRecord& seen, std::int64_t now);
// Serialises assignments in a project for the rest of the transaction, so
// that two server processes cannot both count an annotator's open tasks
// below their limit and both assign one more (PostgreSQL; SQLite has one
// writer already).
Status lockProjectAssignments(Database& tx, std::int64_t projectId);
// Tasks `userId` holds and has not finished (annotating or returned).
Result<std::int64_t> openTaskCount(Database& db, std::int64_t projectId, std::int64_t userId);

}  // namespace limn::server
