// Tasks: create, list (each role sees its own share), assign, and move
// through annotation and review. Review sampling is drawn by the server
// from the project's recorded seed, so every draw can be re-checked.
#include <nlohmann/json.hpp>

#include "sync-server/api/api_routes.h"
#include "sync-server/api/plain_text.h"
#include "sync-server/api/project_access.h"
#include "sync-server/api/task_access.h"
#include "sync-server/store/op_records.h"
#include "sync-server/store/task_records.h"
#include "sync-server/store/user_records.h"
#include "sync-server/tasks/assignment.h"

namespace limn::server {

namespace {

constexpr std::size_t kMaxImageIdLength = 128;
constexpr std::size_t kMaxBatch = 10000;

nlohmann::json taskJson(const TaskRecord& t) {
  return {{"id", t.id},
                      {"image_id", t.imageId},
                      {"state", taskStateName(t.state)},
                      {"review_level", t.reviewLevel},
                      {"assignee", t.assigneeName.empty() ? nlohmann::json(nullptr) : nlohmann::json(t.assigneeName)},
                      {"required_qualification", t.requiredQualification},
                      {"deadline", t.deadline}};
}

// One task ("image_id") or a batch ("image_ids", up to 10,000, all or
// none) sharing a required qualification and deadline.
Result<nlohmann::json> createTask(Call& call) {
  auto access = projectAccess(call, call.params.at(0), ProjectNeed::kManager);
  if (!access) return access.error();
  std::vector<std::string> images;
  const bool batch = call.body.contains("image_ids");
  if (batch) {
    const auto& ids = call.body["image_ids"];
    if (!ids.is_array() || ids.empty() || ids.size() > kMaxBatch)
      return makeError(ErrorCode::kInvalidArgument, "image_ids is a list of 1 to 10000 image ids");
    for (const auto& id : ids)
      if (id.is_string()) images.push_back(id.get<std::string>());
    if (images.size() != ids.size()) return makeError(ErrorCode::kInvalidArgument, "image ids are texts");
  } else {
    auto imageId = call.text("image_id");
    if (!imageId) return imageId.error();
    images.push_back(*imageId);
  }
  for (const std::string& id : images)
    if (Status s = checkPlainText(id, "an image id", kMaxImageIdLength); !s) return s.error();
  TaskRecord t;
  t.projectId = access->project.id;
  t.requiredQualification = call.optionalText("required_qualification").value_or("");
  if (!t.requiredQualification.empty())
    if (Status s = checkPlainText(t.requiredQualification, "a required qualification", 64); !s) return s.error();
  // Unix seconds, up to the end of year 9999 (0: none).
  auto deadline = call.integer("deadline", 0, 0, 253402300799);
  if (!deadline) return deadline.error();
  t.deadline = *deadline;
  std::vector<TaskRecord> made;
  Status s = call.change([&](Database& tx) -> Status {
    for (const std::string& image : images) {
      t.imageId = image;
      auto id = insertTask(tx, t, call.now);
      if (!id) return id.error();
      t.id = *id;
      made.push_back(t);
    }
    call.event.resource = batch ? "project:" + std::to_string(t.projectId) : "task:" + std::to_string(t.id);
    call.event.detail = {{"project", "project:" + std::to_string(t.projectId)}, {"tasks", made.size()}};
    return okStatus();
  });
  if (!s) return s.error();
  if (!batch) return taskJson(made.front());
  nlohmann::json list = nlohmann::json::array();
  for (const TaskRecord& m : made) list.push_back(taskJson(m));
  return nlohmann::json{{"tasks", list}};
}

Result<nlohmann::json> listProjectTasks(Call& call) {
  auto access = projectAccess(call, call.params.at(0), ProjectNeed::kMember);
  if (!access) return access.error();
  auto tasks = listTasks(call.ctx.db, TaskFilter{access->project.id, std::nullopt, std::nullopt});
  if (!tasks) return tasks.error();
  nlohmann::json list = nlohmann::json::array();
  std::int64_t shown = 0;
  for (const TaskRecord& t : *tasks) {
    if (!canSee(t, *access, call.user().userId)) continue;
    nlohmann::json j = taskJson(t);
    if (t.deadline > 0) j["overdue"] = call.now > t.deadline && t.state != TaskState::kAccepted;
    list.push_back(j);
    ++shown;
  }
  call.event.detail = {{"tasks", shown}};
  return nlohmann::json{{"project", access->project.name}, {"tasks", list}};
}

Result<nlohmann::json> showTask(Call& call) {
  auto found = taskFor(call, ProjectNeed::kMember);
  if (!found) return found.error();
  nlohmann::json j = taskJson(found->first);
  j["project"] = found->second.project.name;
  return j;
}

Result<std::vector<Candidate>> annotators(Database& db, std::int64_t projectId) {
  auto members = membersOf(db, projectId);
  if (!members) return members.error();
  auto tasks = listTasks(db, TaskFilter{projectId, std::nullopt, std::nullopt});
  if (!tasks) return tasks.error();
  std::vector<Candidate> out;
  for (const MemberRecord& m : *members) {
    if (m.role != Role::kAnnotator) continue;
    Candidate c{m.userId, m.userName, {}, 0, m.maxOpenTasks, 0};
    auto quals = qualificationsOf(db, m.userId);
    if (!quals) return quals.error();
    for (const Qualification& q : *quals) c.qualifications.insert(q.name);
    for (const TaskRecord& t : *tasks) {
      if (t.assignee != m.userId) continue;
      ++c.assignedTotal;
      if (t.state == TaskState::kAnnotating || t.state == TaskState::kReturned) ++c.openTasks;
    }
    out.push_back(std::move(c));
  }
  return out;
}

Result<nlohmann::json> assignTask(Call& call) {
  auto found = taskFor(call, ProjectNeed::kManager);
  if (!found) return found.error();
  TaskRecord task = found->first;
  const auto user = call.optionalText("user");
  // Round robin only when asked for: a body without a user is a mistake,
  // not a request to hand the task to whoever is next.
  const std::string policy = call.optionalText("policy").value_or(user ? "manual" : "");
  if (policy != "manual" && policy != "round_robin")
    return makeError(ErrorCode::kInvalidArgument, "name a \"user\", or ask for \"policy\": \"round_robin\"");
  const auto next = nextTaskState(task.state, task.reviewLevel, TaskAction::kAssign, 0, [](int) { return false; });
  if (!next)
    return makeError(ErrorCode::kConflict, std::string("a task in state ") + std::string(taskStateName(task.state)) +
                                               " cannot be assigned");
  Candidate chosen;
  Status s = call.change([&](Database& tx) -> Status {
    if (auto locked = lockProjectAssignments(tx, task.projectId); !locked) return locked;
    auto candidates = annotators(tx, task.projectId);
    if (!candidates) return candidates.error();
    if (policy == "manual") {
      auto it = std::find_if(candidates->begin(), candidates->end(),
                             [&](const Candidate& c) { return c.name == *user; });
      if (it == candidates->end())
        return makeError(ErrorCode::kInvalidArgument, *user + " is not an annotator in this project");
      if (auto why = ineligibility(*it, task.requiredQualification)) return makeError(ErrorCode::kConflict, *why);
      chosen = *it;
    } else {
      auto pick = chooseRoundRobin(*candidates, task.requiredQualification);
      if (!pick) return pick.error();
      chosen = *pick;
    }
    const TaskRecord seen = task;
    task.state = next->state;
    task.reviewLevel = next->reviewLevel;
    task.assignee = chosen.userId;
    task.assigneeName = chosen.name;
    auto updated = updateTask(tx, task, seen, call.now);
    if (!updated) return updated.error();
    if (!*updated) return makeError(ErrorCode::kConflict, "the task changed meanwhile; reload and retry");
    call.event.detail = {{"assignee", "user:" + chosen.name}, {"policy", policy}};
    return okStatus();
  });
  if (!s) return s.error();
  return taskJson(task);
}

Result<nlohmann::json> moveTask(Call& call, TaskAction action) {
  auto found = taskFor(call, ProjectNeed::kMember);
  if (!found) return found.error();
  auto [task, access] = *found;
  const std::int64_t me = call.user().userId;
  if (action == TaskAction::kSubmit || action == TaskAction::kStart) {
    if (task.assignee != me) return makeError(ErrorCode::kForbidden, "forbidden: only the assignee submits a task");
  } else {
    if (task.state != TaskState::kInReview || !reviewLevels(access).count(task.reviewLevel))
      return makeError(ErrorCode::kForbidden, "forbidden: the task is not in review at your level");
    if (task.assignee == me) return makeError(ErrorCode::kForbidden, "forbidden: nobody reviews their own work");
  }
  const ProjectRecord& project = access.project;
  nlohmann::json draws = nlohmann::json::object();
  auto sampled = [&](int level) {
    const double rate = level - 1 < static_cast<int>(project.reviewRates.size()) ? project.reviewRates[level - 1] : 0.0;
    const double draw = reviewDraw(project.sampleSeed, task.id, level);
    draws[std::to_string(level)] = {{"rate", rate}, {"draw", draw}};
    return draw < rate;
  };
  const auto next = nextTaskState(task.state, task.reviewLevel, action,
                                  static_cast<int>(project.reviewRates.size()), sampled);
  if (!next)
    return makeError(ErrorCode::kConflict, std::string("cannot ") + std::string(taskActionName(action)) +
                                               " a task in state " + std::string(taskStateName(task.state)));
  // Who may do this was decided from what was read above: the change holds
  // only if the task is still exactly that (else 409, reload and retry).
  const TaskRecord seen = task;
  task.state = next->state;
  task.reviewLevel = next->reviewLevel;
  call.event.detail = {{"from", std::string(taskStateName(seen.state))}, {"to", std::string(taskStateName(task.state))},
                       {"level", seen.reviewLevel}, {"review_draws", draws}};
  Status s = call.change([&](Database& tx) -> Status {
    auto updated = updateTask(tx, task, seen, call.now);
    if (!updated) return updated.error();
    if (!*updated) return makeError(ErrorCode::kConflict, "the task changed meanwhile; reload and retry");
    return okStatus();
  });
  if (!s) return s.error();
  return taskJson(task);
}

}  // namespace

void addTaskRoutes(Router& r) {
  // A batch of up to kMaxBatch image ids of up to kMaxImageIdLength characters.
  r.add({"POST", "/api/v1/projects/{name}/tasks", Access::kSession, "task.create", "project admins", createTask,
         kMaxBatch * (kMaxImageIdLength + 8) + 4096});
  r.add({"GET", "/api/v1/projects/{name}/tasks", Access::kSession, "task.list",
         "project members: admins all, annotators their own, reviewers their level", listProjectTasks});
  r.add({"GET", "/api/v1/tasks/{id}", Access::kSession, "task.read", "project admins, the assignee, reviewers at its level",
         showTask});
  r.add({"POST", "/api/v1/tasks/{id}/assign", Access::kSession, "task.assign",
         "project admins; qualification and load limits apply", assignTask});
  for (TaskAction a : {TaskAction::kStart, TaskAction::kSubmit, TaskAction::kAccept, TaskAction::kReturn}) {
    const bool byAssignee = a == TaskAction::kStart || a == TaskAction::kSubmit;
    r.add({"POST", "/api/v1/tasks/{id}/" + std::string(taskActionName(a)), Access::kSession,
           "task." + std::string(taskActionName(a)),
           byAssignee ? "the assignee" : "reviewers at the task's level, not the assignee",
           [a](Call& call) { return moveTask(call, a); }});
  }
}

}  // namespace limn::server
