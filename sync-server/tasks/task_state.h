// The life of a task: new -> annotating -> submitted -> in review at level
// N -> accepted, or returned for rework (back to annotating). Whether a task
// goes to review at a level is a sampling draw the server makes and records.
// Submitted is passed through, not stored: the draw is made on submit, so a
// submitted task is at once in review at level 1 or (not drawn) accepted.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace limn::server {

enum class TaskState : std::uint8_t { kNew, kAnnotating, kSubmitted, kInReview, kAccepted, kReturned };

enum class TaskAction : std::uint8_t { kAssign, kStart, kSubmit, kAccept, kReturn };

std::string_view taskStateName(TaskState s);
std::optional<TaskState> parseTaskState(std::string_view name);
std::string_view taskActionName(TaskAction a);
std::optional<TaskAction> parseTaskAction(std::string_view name);

struct TaskTransition {
  TaskState state;
  int reviewLevel;
};

// Where `action` takes a task in `state` at `reviewLevel`; nullopt when the
// action is not allowed there. `sampled(level)` says whether the task is
// drawn for review at that level (levels start at 1).
template <typename Sampler>
std::optional<TaskTransition> nextTaskState(TaskState state, int reviewLevel, TaskAction action, int maxLevel,
                                            Sampler sampled) {
  auto reviewFrom = [&](int level) -> TaskTransition {
    for (int l = level; l <= maxLevel; ++l)
      if (sampled(l)) return {TaskState::kInReview, l};
    return {TaskState::kAccepted, 0};
  };
  switch (action) {
    case TaskAction::kAssign:
      if (state == TaskState::kNew || state == TaskState::kAnnotating || state == TaskState::kReturned)
        return TaskTransition{TaskState::kAnnotating, 0};
      return std::nullopt;
    case TaskAction::kStart:
      if (state == TaskState::kReturned) return TaskTransition{TaskState::kAnnotating, 0};
      return std::nullopt;
    case TaskAction::kSubmit:
      if (state == TaskState::kAnnotating || state == TaskState::kReturned) return reviewFrom(1);
      return std::nullopt;
    case TaskAction::kAccept:
      if (state == TaskState::kInReview) return reviewFrom(reviewLevel + 1);
      return std::nullopt;
    case TaskAction::kReturn:
      if (state == TaskState::kInReview) return TaskTransition{TaskState::kReturned, 0};
      return std::nullopt;
  }
  return std::nullopt;
}

// The recorded, reproducible review draw: BLAKE2b(seed; task id, level) as
// a number in [0, 1), compared with the level's rate.
double reviewDraw(std::span<const std::uint8_t> seed, std::int64_t taskId, int level);

}  // namespace limn::server
