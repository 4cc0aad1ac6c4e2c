// Choosing who annotates a task: by name (manual) or automatically (round
// robin over the eligible annotators, least loaded first). Either way the
// person must hold the task's required qualification and be under their
// load limit.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "shared/error/result.h"

namespace limn::server {

struct Candidate {
  std::int64_t userId = 0;
  std::string name;
  std::set<std::string> qualifications;
  std::int64_t openTasks = 0;
  std::int64_t maxOpenTasks = 0;  // 0: no limit
  std::int64_t assignedTotal = 0;
};

// Why `c` may not take a task needing `qualification`, or nullopt if it may.
std::optional<std::string> ineligibility(const Candidate& c, const std::string& qualification);

// The eligible candidate with the fewest open tasks (then fewest assigned
// overall, then name): successive calls go round the team.
Result<Candidate> chooseRoundRobin(const std::vector<Candidate>& candidates, const std::string& qualification);

}  // namespace limn::server
