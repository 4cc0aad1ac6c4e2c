#include "sync-server/api/member_json.h"

#include "sync-server/store/project_records.h"
#include "sync-server/store/user_records.h"

namespace limn::server {

nlohmann::json roleNames(const std::set<Role>& roles) {
  nlohmann::json names = nlohmann::json::array();
  for (Role r : roles) names.push_back(roleName(r));
  return names;
}

Result<nlohmann::json> membershipsJson(Database& db, std::int64_t userId, const char* projectKey) {
  auto projects = listProjects(db, userId);
  if (!projects) return projects.error();
  nlohmann::json list = nlohmann::json::array();
  for (const ProjectRecord& p : *projects) {
    auto roles = rolesIn(db, p.id, userId);
    if (!roles) return roles.error();
    list.push_back({{projectKey, p.name}, {"roles", roleNames(*roles)}});
  }
  return list;
}

Result<nlohmann::json> qualificationsJson(Database& db, std::int64_t userId) {
  auto quals = qualificationsOf(db, userId);
  if (!quals) return quals.error();
  nlohmann::json list = nlohmann::json::array();
  for (const Qualification& q : *quals)
    list.push_back({{"name", q.name}, {"verified_by", q.verifiedBy}, {"verified_at", q.verifiedAt}});
  return list;
}

}  // namespace limn::server
