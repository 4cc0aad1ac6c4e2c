#include <catch2/catch.hpp>

#include "sync-server/tasks/assignment.h"

using namespace limn::server;

TEST_CASE("round robin takes the least loaded qualified annotator under their limit") {
  std::vector<Candidate> team = {
      {1, "ann", {"specialty:neuro"}, 3, 0, 10},
      {2, "bea", {}, 0, 0, 2},
      {3, "cai", {"specialty:neuro"}, 1, 1, 4},  // at the limit
      {4, "dov", {"specialty:neuro"}, 1, 5, 1},
  };
  CHECK(chooseRoundRobin(team, "").value().name == "bea");
  CHECK(chooseRoundRobin(team, "specialty:neuro").value().name == "dov");
  team[3].openTasks = 5;
  CHECK(chooseRoundRobin(team, "specialty:neuro").value().name == "ann");
  team[0].maxOpenTasks = 3;
  auto none = chooseRoundRobin(team, "specialty:neuro");
  REQUIRE_FALSE(none.ok());
  CHECK(none.error().message.find("specialty:neuro") != std::string::npos);
}

TEST_CASE("ineligibility says why") {
  Candidate c{1, "ann", {}, 2, 2, 0};
  CHECK(ineligibility(c, "level:senior").value().find("does not hold") != std::string::npos);
  CHECK(ineligibility(c, "").value().find("limit 2") != std::string::npos);
  c.maxOpenTasks = 0;
  CHECK_FALSE(ineligibility(c, ""));
}
