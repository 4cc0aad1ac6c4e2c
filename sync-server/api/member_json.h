// How people's roles, memberships and qualifications read in API answers,
// written once for every endpoint that shows them.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <set>

#include "sync-server/authz/role.h"
#include "sync-server/store/database.h"

namespace limn::server {

nlohmann::json roleNames(const std::set<Role>& roles);
// [{<projectKey>: name, "roles": [...]}] for each project `userId` belongs to.
Result<nlohmann::json> membershipsJson(Database& db, std::int64_t userId, const char* projectKey);
// [{"name", "verified_by", "verified_at"}].
Result<nlohmann::json> qualificationsJson(Database& db, std::int64_t userId);

}  // namespace limn::server
