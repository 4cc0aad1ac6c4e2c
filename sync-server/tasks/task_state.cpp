#include "sync-server/tasks/task_state.h"

#include <algorithm>
#include <array>
#include <string>

#include "shared/crypto/keyed_hash.h"

namespace limn::server {

namespace {
constexpr std::string_view kStateNames[] = {"new", "annotating", "submitted", "in_review", "accepted", "returned"};
constexpr std::string_view kActionNames[] = {"assign", "start", "submit", "accept", "return"};
}  // namespace

std::string_view taskStateName(TaskState s) { return kStateNames[static_cast<int>(s)]; }

std::optional<TaskState> parseTaskState(std::string_view name) {
  for (std::size_t i = 0; i < std::size(kStateNames); ++i)
    if (kStateNames[i] == name) return static_cast<TaskState>(i);
  return std::nullopt;
}

std::string_view taskActionName(TaskAction a) { return kActionNames[static_cast<int>(a)]; }

std::optional<TaskAction> parseTaskAction(std::string_view name) {
  for (std::size_t i = 0; i < std::size(kActionNames); ++i)
    if (kActionNames[i] == name) return static_cast<TaskAction>(i);
  return std::nullopt;
}

double reviewDraw(std::span<const std::uint8_t> seed, std::int64_t taskId, int level) {
  const std::string message = std::to_string(taskId) + "/" + std::to_string(level);
  std::array<std::uint8_t, crypto::kKeyedHashKeyBytes> key{};
  std::copy_n(seed.begin(), std::min(seed.size(), key.size()), key.begin());
  std::array<std::uint8_t, crypto::kKeyedHashMinBytes> out{};
  crypto::keyedHash(key, "limn review sampling v1",
                    std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(message.data()), message.size()),
                    out);
  std::uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | out[i];
  return static_cast<double>(v >> 11) / static_cast<double>(1ULL << 53);
}

}  // namespace limn::server
