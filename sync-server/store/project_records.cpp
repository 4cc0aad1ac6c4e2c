#include "sync-server/store/project_records.h"

#include <nlohmann/json.hpp>

namespace limn::server {

namespace {

constexpr const char* kProjectColumns =
    "SELECT id, name, schema_sha256, require_mfa, review_rates, sample_seed, image_relay FROM projects ";

ProjectRecord projectFromRow(const SqlRow& r) {
  ProjectRecord p{r.integer(0), r.text(1), r.text(2), r.integer(3) != 0, {}, r.blob(5), r.integer(6) != 0};
  const auto rates = nlohmann::json::parse(r.text(4), nullptr, false);
  if (rates.is_array())
    for (const auto& v : rates)
      if (v.is_number()) p.reviewRates.push_back(v.get<double>());
  return p;
}

std::optional<InvitationRecord> invitationFromRows(const SqlRows& rows) {
  if (rows.empty()) return std::nullopt;
  const SqlRow& r = rows.front();
  InvitationRecord inv{r.integer(0), parseRole(r.text(1)).value_or(Role::kAnnotator), {}, r.integer(3), r.integer(4),
                       r.integer(5)};
  const auto quals = nlohmann::json::parse(r.text(2), nullptr, false);
  if (quals.is_array())
    for (const auto& q : quals)
      if (q.is_string()) inv.qualifications.push_back(q.get<std::string>());
  return inv;
}

}  // namespace

Status insertProject(Database& db, ProjectRecord& project, std::int64_t createdBy, std::int64_t now) {
  auto rows = db.query(
      "INSERT INTO projects(name, schema_sha256, require_mfa, review_rates, sample_seed, created_by, created_at)"
      " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {project.name, project.schemaSha256, std::int64_t{project.requireMfa ? 1 : 0},
       nlohmann::json(project.reviewRates).dump(), project.sampleSeed, createdBy, now});
  if (!rows) {
    if (rows.error().code == ErrorCode::kAlreadyExists)
      return makeError(ErrorCode::kAlreadyExists, "project " + project.name + " already exists");
    return rows.error();
  }
  project.id = firstInteger(*rows).value_or(0);
  return okStatus();
}

Result<std::optional<ProjectRecord>> findProject(Database& db, const std::string& name) {
  return optionalRow<ProjectRecord>(
      db.query(std::string(kProjectColumns) + "WHERE lower(name) = lower(?)", {name}), projectFromRow);
}

Result<std::optional<ProjectRecord>> findProjectById(Database& db, std::int64_t id) {
  return optionalRow<ProjectRecord>(db.query(std::string(kProjectColumns) + "WHERE id = ?", {id}), projectFromRow);
}

Result<std::vector<ProjectRecord>> listProjects(Database& db, std::optional<std::int64_t> memberId) {
  auto rows = memberId ? db.query(std::string(kProjectColumns) +
                                      "WHERE id IN (SELECT project_id FROM project_members WHERE user_id = ?)"
                                      " ORDER BY id",
                                  {*memberId})
                       : db.query(std::string(kProjectColumns) + "ORDER BY id");
  if (!rows) return rows.error();
  std::vector<ProjectRecord> out;
  for (const SqlRow& r : *rows) out.push_back(projectFromRow(r));
  return out;
}

Status setImageRelay(Database& db, std::int64_t projectId, bool on) {
  return asStatus(db.query("UPDATE projects SET image_relay = ? WHERE id = ?", {std::int64_t{on ? 1 : 0}, projectId}));
}

Status insertMember(Database& db, std::int64_t projectId, std::int64_t userId, Role role, std::int64_t maxOpenTasks) {
  return asStatus(db.query(
      "INSERT INTO project_members(project_id, user_id, role, review_level, max_open_tasks) VALUES (?, ?, ?, ?, ?)"
      " ON CONFLICT (project_id, user_id, role) DO NOTHING",
      {projectId, userId, std::string(roleName(role)), std::int64_t{reviewLevelOf(role)}, maxOpenTasks}));
}

Result<std::set<Role>> rolesIn(Database& db, std::int64_t projectId, std::int64_t userId) {
  auto rows = db.query("SELECT role FROM project_members WHERE project_id = ? AND user_id = ?", {projectId, userId});
  if (!rows) return rows.error();
  std::set<Role> out;
  for (const SqlRow& r : *rows)
    if (auto role = parseRole(r.text(0))) out.insert(*role);
  return out;
}

Result<std::vector<MemberRecord>> membersOf(Database& db, std::int64_t projectId) {
  auto rows = db.query(
      "SELECT m.user_id, u.name, m.role, m.max_open_tasks FROM project_members m JOIN users u ON u.id = m.user_id"
      " WHERE m.project_id = ? ORDER BY u.name, m.role",
      {projectId});
  if (!rows) return rows.error();
  std::vector<MemberRecord> out;
  for (const SqlRow& r : *rows)
    out.push_back({r.integer(0), r.text(1), parseRole(r.text(2)).value_or(Role::kAnnotator), r.integer(3)});
  return out;
}

Status removeMember(Database& tx, std::int64_t projectId, std::int64_t userId, std::int64_t removedBy,
                    std::int64_t epochAtRemoval, std::int64_t now) {
  if (auto s = asStatus(tx.query("DELETE FROM project_members WHERE project_id = ? AND user_id = ?", {projectId, userId}));
      !s)
    return s;
  return asStatus(tx.query(
      "INSERT INTO member_removals(project_id, user_id, removed_by, epoch_at_removal, removed_at) VALUES (?, ?, ?, ?, ?)",
      {projectId, userId, removedBy, epochAtRemoval, now}));
}

Result<std::vector<MemberRecord>> formerMembersOf(Database& db, std::int64_t projectId) {
  auto rows = db.query(
      "SELECT DISTINCT r.user_id, u.name FROM member_removals r JOIN users u ON u.id = r.user_id"
      " WHERE r.project_id = ? AND NOT EXISTS (SELECT 1 FROM project_members m"
      " WHERE m.project_id = r.project_id AND m.user_id = r.user_id) ORDER BY u.name",
      {projectId});
  if (!rows) return rows.error();
  std::vector<MemberRecord> out;
  for (const SqlRow& r : *rows) out.push_back({r.integer(0), r.text(1)});
  return out;
}

Status insertInvitation(Database& db, const Blob& tokenHash, const InvitationRecord& inv) {
  return asStatus(db.query(
      "INSERT INTO invitations(token_hash, project_id, role, qualifications, created_by, expires_at, max_open_tasks)"
      " VALUES (?, ?, ?, ?, ?, ?, ?)",
      {tokenHash, inv.projectId, std::string(roleName(inv.role)), nlohmann::json(inv.qualifications).dump(),
       inv.createdBy, inv.expiresAt, inv.maxOpenTasks}));
}

Result<std::optional<InvitationRecord>> findOpenInvitation(Database& db, const Blob& tokenHash, std::int64_t now) {
  auto rows = db.query(
      "SELECT project_id, role, qualifications, created_by, expires_at, max_open_tasks FROM invitations"
      " WHERE token_hash = ? AND accepted_by IS NULL AND expires_at > ?",
      {tokenHash, now});
  if (!rows) return rows.error();
  return invitationFromRows(*rows);
}

Result<std::optional<InvitationRecord>> redeemInvitation(Database& db, const Blob& tokenHash, std::int64_t acceptedBy,
                                                         std::int64_t now) {
  auto rows = db.query(
      "UPDATE invitations SET accepted_by = ? WHERE token_hash = ? AND accepted_by IS NULL AND expires_at > ?"
      " RETURNING project_id, role, qualifications, created_by, expires_at, max_open_tasks",
      {acceptedBy, tokenHash, now});
  if (!rows) return rows.error();
  return invitationFromRows(*rows);
}

}  // namespace limn::server
