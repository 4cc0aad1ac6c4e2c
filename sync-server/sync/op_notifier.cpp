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

void OpNotifier::shutdown() {
  {
    std::lock_guard lock(m_mutex);
    m_stopping = true;
  }
  m_changed.notify_all();
}

bool OpNotifier::waitFor(std::int64_t taskId, std::chrono::milliseconds timeout, const std::function<bool()>& hasNews) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    std::uint64_t seen = 0;
    bool stopping = false;
    {
      std::lock_guard lock(m_mutex);
      seen = m_version[taskId];
      stopping = m_stopping;
    }
    // Asked after reading the version, so a push between the two is not missed.
    if (hasNews()) return true;
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline || stopping) return false;
    std::unique_lock lock(m_mutex);
    m_changed.wait_until(lock, std::min(deadline, now + kRecheck),
                         [&] { return m_stopping || m_version[taskId] != seen; });
  }
}

}  // namespace limn::server
