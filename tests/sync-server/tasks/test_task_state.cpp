#include <catch2/catch.hpp>

#include <vector>

#include "sync-server/tasks/task_state.h"

using namespace limn::server;

namespace {
auto always = [](int) { return true; };
auto never = [](int) { return false; };
}  // namespace

TEST_CASE("a task goes new -> annotating -> review levels -> accepted") {
  auto t = nextTaskState(TaskState::kNew, 0, TaskAction::kAssign, 2, never);
  REQUIRE(t);
  CHECK(t->state == TaskState::kAnnotating);
  t = nextTaskState(t->state, t->reviewLevel, TaskAction::kSubmit, 2, always);
  REQUIRE(t);
  CHECK(t->state == TaskState::kInReview);
  CHECK(t->reviewLevel == 1);
  t = nextTaskState(t->state, t->reviewLevel, TaskAction::kAccept, 2, always);
  CHECK(t->reviewLevel == 2);
  t = nextTaskState(t->state, t->reviewLevel, TaskAction::kAccept, 2, always);
  CHECK(t->state == TaskState::kAccepted);
}

TEST_CASE("levels not drawn for review are skipped; unsampled work is accepted") {
  auto onlyTwo = [](int level) { return level == 2; };
  auto t = nextTaskState(TaskState::kAnnotating, 0, TaskAction::kSubmit, 2, onlyTwo);
  CHECK(t->state == TaskState::kInReview);
  CHECK(t->reviewLevel == 2);
  t = nextTaskState(TaskState::kAnnotating, 0, TaskAction::kSubmit, 2, never);
  CHECK(t->state == TaskState::kAccepted);
}

TEST_CASE("returned work goes back to its annotator; impossible moves are refused") {
  auto t = nextTaskState(TaskState::kInReview, 1, TaskAction::kReturn, 2, always);
  CHECK(t->state == TaskState::kReturned);
  CHECK(nextTaskState(TaskState::kReturned, 0, TaskAction::kStart, 2, never)->state == TaskState::kAnnotating);
  CHECK_FALSE(nextTaskState(TaskState::kNew, 0, TaskAction::kSubmit, 2, always));
  CHECK_FALSE(nextTaskState(TaskState::kAccepted, 0, TaskAction::kAccept, 2, always));
  CHECK_FALSE(nextTaskState(TaskState::kAnnotating, 0, TaskAction::kReturn, 2, always));
  CHECK_FALSE(nextTaskState(TaskState::kInReview, 1, TaskAction::kAssign, 2, always));
}

TEST_CASE("review draws are reproducible from the seed and follow the rate") {
  std::vector<std::uint8_t> seed(32, 9), other(32, 10);
  CHECK(reviewDraw(seed, 17, 1) == reviewDraw(seed, 17, 1));
  CHECK(reviewDraw(seed, 17, 1) != reviewDraw(other, 17, 1));
  CHECK(reviewDraw(seed, 17, 1) != reviewDraw(seed, 17, 2));
  int below = 0;
  for (int id = 0; id < 4000; ++id) {
    const double d = reviewDraw(seed, id, 1);
    REQUIRE(d >= 0.0);
    REQUIRE(d < 1.0);
    below += d < 0.2;
  }
  CHECK(below > 700);  // 20% of 4000 = 800
  CHECK(below < 900);
}

TEST_CASE("state and action names round-trip") {
  for (auto s : {TaskState::kNew, TaskState::kAnnotating, TaskState::kSubmitted, TaskState::kInReview,
                 TaskState::kAccepted, TaskState::kReturned})
    CHECK(parseTaskState(taskStateName(s)) == s);
  CHECK_FALSE(parseTaskState("done"));
  CHECK(parseTaskAction("return") == TaskAction::kReturn);
}
