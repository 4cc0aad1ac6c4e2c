#include "sync-server/store/task_records.h"

namespace limn::server {

namespace {

constexpr const char* kTaskColumns =
    "SELECT t.id, t.project_id, t.image_id, t.state, t.review_level, t.assignee, COALESCE(u.name, ''),"
    " t.required_qualification, t.deadline FROM tasks t LEFT JOIN users u ON u.id = t.assignee ";

TaskRecord taskFromRow(const SqlRow& r) {
  TaskRecord t{r.integer(0), r.integer(1), r.text(2), parseTaskState(r.text(3)).value_or(TaskState::kNew),
               static_cast<int>(r.integer(4)), std::nullopt, r.text(6), r.text(7), r.integer(8)};
  if (!r.isNull(5)) t.assignee = r.integer(5);
  return t;
}

SqlValue assigneeValue(const TaskRecord& t) {
  if (t.assignee) return *t.assignee;
  return nullptr;
}

}  // namespace

Result<std::int64_t> insertTask(Database& db, const TaskRecord& t, std::int64_t now) {
  auto rows = db.query(
      "INSERT INTO tasks(project_id, image_id, state, review_level, assignee, required_qualification, deadline,"
      " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {t.projectId, t.imageId, std::string(taskStateName(t.state)), std::int64_t{t.reviewLevel}, assigneeValue(t),
       t.requiredQualification, t.deadline, now, now});
  if (!rows) {
    if (rows.error().code == ErrorCode::kAlreadyExists)
      return makeError(ErrorCode::kAlreadyExists, "the project already has a task for image " + t.imageId);
    return rows.error();
  }
  return firstInteger(*rows).value_or(0);
}

Result<std::optional<TaskRecord>> findTask(Database& db, std::int64_t id) {
  return optionalRow<TaskRecord>(db.query(std::string(kTaskColumns) + "WHERE t.id = ?", {id}), taskFromRow);
}

Result<std::vector<TaskRecord>> listTasks(Database& db, const TaskFilter& f) {
  std::string sql = std::string(kTaskColumns) + "WHERE 1 = 1";
  std::vector<SqlValue> params;
  if (f.projectId) {
    sql += " AND t.project_id = ?";
    params.emplace_back(*f.projectId);
  }
  if (f.assignee) {
    sql += " AND t.assignee = ?";
    params.emplace_back(*f.assignee);
  }
  if (f.reviewLevel) {
    sql += " AND t.state = 'in_review' AND t.review_level = ?";
    params.emplace_back(std::int64_t{*f.reviewLevel});
  }
  auto rows = db.query(sql + " ORDER BY t.id", params);
  if (!rows) return rows.error();
  std::vector<TaskRecord> out;
  for (const SqlRow& r : *rows) out.push_back(taskFromRow(r));
  return out;
}

Result<bool> updateTask(Database& db, const TaskRecord& t, const TaskRecord& seen, std::int64_t now) {
  // Ids start at 1, so 0 stands for "no assignee" (NULL = NULL is not true).
  auto rows = db.query(
      "UPDATE tasks SET state = ?, review_level = ?, assignee = ?, updated_at = ?"
      " WHERE id = ? AND state = ? AND review_level = ? AND COALESCE(assignee, 0) = ? RETURNING id",
      {std::string(taskStateName(t.state)), std::int64_t{t.reviewLevel}, assigneeValue(t), now, t.id,
       std::string(taskStateName(seen.state)), std::int64_t{seen.reviewLevel}, seen.assignee.value_or(0)});
  if (!rows) return rows.error();
  return !rows->empty();
}

Status lockProjectAssignments(Database& tx, std::int64_t projectId) {
  constexpr std::int64_t kAssignLockBase = std::int64_t{0x61736700} << 32;  // 'asg\0' << 32
  if (tx.dialect() != Dialect::kPostgres) return okStatus();
  return asStatus(tx.query("SELECT pg_advisory_xact_lock(?)", {kAssignLockBase + projectId}));
}

Result<std::int64_t> openTaskCount(Database& db, std::int64_t projectId, std::int64_t userId) {
  auto rows = db.query(
      "SELECT COUNT(*) FROM tasks WHERE project_id = ? AND assignee = ? AND state IN ('annotating', 'returned')",
      {projectId, userId});
  if (!rows) return rows.error();
  return firstInteger(*rows).value_or(0);
}

}  // namespace limn::server
