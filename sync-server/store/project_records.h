// Projects, their members and roles, and invitations to join them.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "sync-server/authz/role.h"
#include "sync-server/store/database.h"

namespace limn::server {

struct ProjectRecord {
  std::int64_t id = 0;
  std::string name;
  std::string schemaSha256;  // the label schema itself travels encrypted, between clients
  bool requireMfa = true;
  // Share of tasks each review level sees (index 0: level 1), drawn per
  // task from sampleSeed so every draw can be recomputed and checked.
  std::vector<double> reviewRates{1.0, 0.0};
  Blob sampleSeed;
  bool imageRelay = false;  // members may relay de-identified images, sealed (off by default)
};

struct MemberRecord {
  std::int64_t userId = 0;
  std::string userName;
  Role role = Role::kAnnotator;
  std::int64_t maxOpenTasks = 0;  // 0: no limit
};

struct InvitationRecord {
  std::int64_t projectId = 0;
  Role role = Role::kAnnotator;
  std::vector<std::string> qualifications;
  std::int64_t createdBy = 0;
  std::int64_t expiresAt = 0;
  std::int64_t maxOpenTasks = 0;  // the load limit the membership gets (0: none)
};

// Fills in project.id.
Status insertProject(Database& db, ProjectRecord& project, std::int64_t createdBy, std::int64_t now);
Result<std::optional<ProjectRecord>> findProject(Database& db, const std::string& name);
Result<std::optional<ProjectRecord>> findProjectById(Database& db, std::int64_t id);
// Every project, or only those `userId` is a member of.
Result<std::vector<ProjectRecord>> listProjects(Database& db, std::optional<std::int64_t> memberId);

Status setImageRelay(Database& db, std::int64_t projectId, bool on);

Status insertMember(Database& db, std::int64_t projectId, std::int64_t userId, Role role, std::int64_t maxOpenTasks = 0);
Result<std::set<Role>> rolesIn(Database& db, std::int64_t projectId, std::int64_t userId);
Result<std::vector<MemberRecord>> membersOf(Database& db, std::int64_t projectId);
// Drops every role `userId` has in the project and records who removed
// them under which key epoch (that epoch may not seal new ops).
Status removeMember(Database& tx, std::int64_t projectId, std::int64_t userId, std::int64_t removedBy,
                    std::int64_t epochAtRemoval, std::int64_t now);

// People removed from the project who are not members again (their past
// ops stay readable, signed by keys the clients must still recognise).
Result<std::vector<MemberRecord>> formerMembersOf(Database& db, std::int64_t projectId);

Status insertInvitation(Database& db, const Blob& tokenHash, const InvitationRecord& invitation);
// The unexpired, unused invitation behind `tokenHash`, left as it is: a
// cheap check before the costly work of accepting it (redeemInvitation
// still decides, atomically).
Result<std::optional<InvitationRecord>> findOpenInvitation(Database& db, const Blob& tokenHash, std::int64_t now);
// The unexpired, unused invitation behind `tokenHash`, marked used by
// `acceptedBy` in the same statement (a token works once).
Result<std::optional<InvitationRecord>> redeemInvitation(Database& db, const Blob& tokenHash, std::int64_t acceptedBy,
                                                         std::int64_t now);

}  // namespace limn::server
