#include "sync-server/tasks/assignment.h"

#include <tuple>

namespace limn::server {

std::optional<std::string> ineligibility(const Candidate& c, const std::string& qualification) {
  if (!qualification.empty() && !c.qualifications.count(qualification))
    return c.name + " does not hold the qualification " + qualification;
  if (c.maxOpenTasks > 0 && c.openTasks >= c.maxOpenTasks)
    return c.name + " already has " + std::to_string(c.openTasks) + " open tasks (limit " +
           std::to_string(c.maxOpenTasks) + ")";
  return std::nullopt;
}

Result<Candidate> chooseRoundRobin(const std::vector<Candidate>& candidates, const std::string& qualification) {
  const Candidate* best = nullptr;
  for (const Candidate& c : candidates) {
    if (ineligibility(c, qualification)) continue;
    if (!best || std::tie(c.openTasks, c.assignedTotal, c.name) < std::tie(best->openTasks, best->assignedTotal, best->name))
      best = &c;
  }
  if (!best)
    return makeError(ErrorCode::kConflict, "no annotator is eligible" +
                                               (qualification.empty() ? std::string() : " (needs " + qualification + ")") +
                                               " and under their load limit");
  return *best;
}

}  // namespace limn::server
