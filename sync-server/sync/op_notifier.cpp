#include "sync-server/sync/op_notifier.h"

#include <algorithm>

namespace limn::server {

void OpNotifier::notify(std::int64_t taskId) {
  {
    std::lock_guard lock(m_mutex);
    ++m_version[taskId];
  }
  m_changed.notify_all();
}

bool OpNotifier::waitFor(std::int64_t taskId, std::chrono::milliseconds timeout, const std::function<bool()>& hasNews) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    std::uint64_t seen = 0;
    {
      std::lock_guard lock(m_mutex);
      seen = m_version[taskId];
    }
    // Asked after reading the version, so a push between the two is not missed.
    if (hasNews()) return true;
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline) return false;
    std::unique_lock lock(m_mutex);
    m_changed.wait_until(lock, std::min(deadline, now + kRecheck), [&] { return m_version[taskId] != seen; });
  }
}

}  // namespace limn::server
