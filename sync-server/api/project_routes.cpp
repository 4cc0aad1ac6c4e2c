// Projects, members and invitations.
#include <nlohmann/json.hpp>

#include "shared/crypto/random.h"
#include "shared/crypto/sha256.h"
#include "sync-server/api/api_routes.h"
#include "sync-server/api/plain_text.h"
#include "sync-server/api/member_json.h"
#include "sync-server/api/project_access.h"
#include "sync-server/auth/session_token.h"
#include "sync-server/store/key_records.h"
#include "sync-server/store/user_records.h"
#include "sync-server/store/task_records.h"

namespace limn::server {

namespace {

constexpr std::int64_t kDefaultInvitationHours = 72;
constexpr std::int64_t kMaxInvitationHours = 24 * 30;
constexpr std::size_t kSampleSeedBytes = 32;

bool isSha256Hex(const std::string& s) {
  return s.size() == 64 && s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

Result<nlohmann::json> createProject(Call& call) {
  auto name = call.text("name");
  if (!name) return name.error();
  auto schema = call.text("schema_sha256");
  if (!schema) return schema.error();
  if (!isSha256Hex(*schema)) return makeError(ErrorCode::kInvalidArgument, "schema_sha256 must be 64 lower-case hex digits");
  if (Status s = checkPlainText(*name, "a project name", 128); !s) return s.error();
  ProjectRecord project;
  project.name = *name;
  project.schemaSha256 = *schema;
  project.requireMfa = call.body.value("require_mfa", true);
  if (call.body.contains("review_rates")) {
    const auto& rates = call.body["review_rates"];
    if (!rates.is_array() || rates.empty() || rates.size() > 4)
      return makeError(ErrorCode::kInvalidArgument, "review_rates is a list of 1-4 numbers in [0, 1]");
    project.reviewRates.clear();
    for (const auto& v : rates) {
      if (!v.is_number() || v.get<double>() < 0 || v.get<double>() > 1)
        return makeError(ErrorCode::kInvalidArgument, "review_rates is a list of 1-4 numbers in [0, 1]");
      project.reviewRates.push_back(v.get<double>());
    }
  }
  project.sampleSeed.resize(kSampleSeedBytes);
  crypto::randomBytes(project.sampleSeed);
  Status s = call.change([&](Database& tx) -> Status {
    if (auto r = insertProject(tx, project, call.user().userId, call.now); !r) return r;
    call.event.resource = "project:" + std::to_string(project.id);
    // The sampling seed is committed to the log: whoever later reads the
    // seed (project managers) can recompute every review draw and check it
    // is the seed the project started with.
    call.event.detail = {{"review_rates", project.reviewRates},
                         {"sample_seed_sha256", crypto::toHex(crypto::sha256(project.sampleSeed))}};
    return insertMember(tx, project.id, call.user().userId, Role::kAdmin);
  });
  if (!s) return s.error();
  return nlohmann::json{{"name", project.name}, {"id", project.id}, {"require_mfa", project.requireMfa},
                        {"review_rates", project.reviewRates}};
}

Result<nlohmann::json> listMyProjects(Call& call) {
  const Caller& who = call.user();
  call.event.resource = "projects";
  auto projects = listProjects(call.ctx.db, who.isAdmin ? std::nullopt : std::optional<std::int64_t>(who.userId));
  if (!projects) return projects.error();
  nlohmann::json list = nlohmann::json::array();
  for (const ProjectRecord& p : *projects) {
    auto roles = rolesIn(call.ctx.db, p.id, who.userId);
    if (!roles) return roles.error();
    list.push_back({{"name", p.name}, {"roles", roleNames(*roles)}, {"require_mfa", p.requireMfa}});
  }
  return nlohmann::json{{"projects", list}};
}

Result<nlohmann::json> showProject(Call& call) {
  auto access = projectAccess(call, call.params.at(0), ProjectNeed::kMember);
  if (!access) return access.error();
  auto members = membersOf(call.ctx.db, access->project.id);
  if (!members) return members.error();
  nlohmann::json list = nlohmann::json::array();
  for (const MemberRecord& m : *members) list.push_back({{"user", m.userName}, {"role", roleName(m.role)}});
  // Progress counters: tasks per state, per review level, per assignee.
  auto tasks = listTasks(call.ctx.db, TaskFilter{access->project.id, std::nullopt, std::nullopt});
  if (!tasks) return tasks.error();
  nlohmann::json byState = nlohmann::json::object(), byUser = nlohmann::json::object(),
                 byLevel = nlohmann::json::object();
  for (const TaskRecord& t : *tasks) {
    const std::string state(taskStateName(t.state));
    byState[state] = byState.value(state, 0) + 1;
    if (t.state == TaskState::kInReview) {
      const std::string level = std::to_string(t.reviewLevel);
      byLevel[level] = byLevel.value(level, 0) + 1;
    }
    if (!t.assigneeName.empty()) {
      auto& u = byUser[t.assigneeName];
      if (u.is_null()) u = nlohmann::json::object();
      u[state] = u.value(state, 0) + 1;
    }
  }
  nlohmann::json out{{"name", access->project.name},
                     {"schema_sha256", access->project.schemaSha256},
                     {"require_mfa", access->project.requireMfa},
                     {"image_relay", access->project.imageRelay},
                     {"review_rates", access->project.reviewRates},
                     {"my_roles", roleNames(access->roles)},
                     {"members", list},
                     {"progress", {{"tasks", tasks->size()}, {"by_state", byState}, {"in_review_by_level", byLevel},
                                   {"by_user", byUser}}}};
  // Managers may recompute the review draws; annotators and reviewers must
  // not know in advance which tasks will be sampled.
  if (access->manages()) out["review_sample_seed"] = crypto::toHex(access->project.sampleSeed);
  return out;
}

Result<nlohmann::json> invite(Call& call) {
  auto access = projectAccess(call, call.params.at(0), ProjectNeed::kManager);
  if (!access) return access.error();
  auto roleText = call.text("role");
  if (!roleText) return roleText.error();
  const auto role = parseRole(*roleText);
  if (!role) return makeError(ErrorCode::kInvalidArgument, "role is annotator, reviewer, expert or admin");
  InvitationRecord inv{access->project.id, *role, {}, call.user().userId, 0};
  if (call.body.contains("qualifications")) {
    for (const auto& q : call.body["qualifications"]) {
      if (!q.is_string())
        return makeError(ErrorCode::kInvalidArgument, "qualifications are short texts such as specialty:neuroradiology");
      if (Status s = checkPlainText(q.get<std::string>(), "a qualification", 64); !s) return s.error();
      inv.qualifications.push_back(q.get<std::string>());
    }
  }
  auto hours = call.integer("expires_hours", kDefaultInvitationHours, 1, kMaxInvitationHours);
  if (!hours) return hours.error();
  inv.expiresAt = call.now + *hours * 3600;
  // 0: no limit.
  auto maxOpen = call.integer("max_open_tasks", 0, 0, 1000000);
  if (!maxOpen) return maxOpen.error();
  inv.maxOpenTasks = *maxOpen;
  const std::string token = newOneTimeToken();
  call.event.detail = {{"role", std::string(roleName(*role))}, {"expires_at", inv.expiresAt}};
  Status s = call.change([&](Database& tx) { return insertInvitation(tx, hashOneTimeToken(token), inv); });
  if (!s) return s.error();
  return nlohmann::json{{"token", token},
                        {"project", access->project.name},
                        {"role", roleName(*role)},
                        {"qualifications", inv.qualifications},
                        {"max_open_tasks", inv.maxOpenTasks},
                        {"expires_at", inv.expiresAt}};
}

// Removes a member (all their roles). The key epoch in force becomes stale:
// no new op is accepted under it until a key holder starts the next one,
// which is wrapped only to those who remain.
Result<nlohmann::json> removeMemberRoute(Call& call) {
  auto access = projectAccess(call, call.params.at(0), ProjectNeed::kManager);
  if (!access) return access.error();
  auto user = findUserByName(call.ctx.db, call.params.at(1));
  if (!user) return user.error();
  const Error notMember = makeError(ErrorCode::kNotFound, call.params.at(1) + " is not a member of this project");
  if (!*user) return notMember;
  auto roles = rolesIn(call.ctx.db, access->project.id, (*user)->id);
  if (!roles) return roles.error();
  if (roles->empty()) return notMember;
  if ((*user)->id == call.user().userId)
    return makeError(ErrorCode::kForbidden, "forbidden: another project administrator removes you");
  auto epoch = currentEpoch(call.ctx.db, access->project.id);
  if (!epoch) return epoch.error();
  call.event.resource = "project:" + access->project.name;
  call.event.detail = {{"user", (*user)->name}, {"roles", roleNames(*roles)}, {"epoch_at_removal", *epoch}};
  Status s = call.change([&](Database& tx) {
    return removeMember(tx, access->project.id, (*user)->id, call.user().userId, *epoch, call.now);
  });
  if (!s) return s.error();
  return nlohmann::json{{"project", access->project.name}, {"removed", (*user)->name}, {"stale_epoch", *epoch}};
}

}  // namespace

void addProjectRoutes(Router& r) {
  r.add({"POST", "/api/v1/projects", Access::kServerAdmin, "project.create",
         "server administrators; the creator becomes project admin", createProject});
  r.add({"GET", "/api/v1/projects", Access::kSession, "project.list",
         "own memberships (server administrators: all)", listMyProjects});
  r.add({"GET", "/api/v1/projects/{name}", Access::kSession, "project.read", "project members", showProject});
  r.add({"POST", "/api/v1/projects/{name}/invitations", Access::kSession, "invitation.create",
         "project admins", invite});
  r.add({"DELETE", "/api/v1/projects/{name}/members/{user}", Access::kSession, "project.member_remove",
         "project admins (not themselves)", removeMemberRoute});
}

}  // namespace limn::server
