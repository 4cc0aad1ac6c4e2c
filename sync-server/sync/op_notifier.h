// Wakes long-polling pulls when a task's op log grows. Pushes in this
// process wake waiters at once; a waiter also looks at the database every
// `kRecheck` so ops pushed through another server process on the same
// PostgreSQL arrive within that time.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <unordered_map>

namespace limn::server {

class OpNotifier {
 public:
  static constexpr std::chrono::milliseconds kRecheck{500};

  // After a push to `taskId` committed.
  void notify(std::int64_t taskId);
  // Calls `hasNews` until it says yes or `timeout` passes; between calls it
  // sleeps until a push to `taskId` or `kRecheck`. Returns the last answer.
  bool waitFor(std::int64_t taskId, std::chrono::milliseconds timeout, const std::function<bool()>& hasNews);
  // Ends every wait now and every later one at once (the server is
  // stopping: pulls answer with what they have instead of holding it up).
  void shutdown();

 private:
  std::mutex m_mutex;
  std::condition_variable m_changed;
  std::unordered_map<std::int64_t, std::uint64_t> m_version;  // pushes seen per task
  bool m_stopping = false;
};

}  // namespace limn::server
