#include "sync-server/log.h"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <mutex>

namespace limn::server {

namespace {
std::string nowIso8601() {
  using namespace std::chrono;
  auto now = system_clock::now();
  std::time_t t = system_clock::to_time_t(now);
  auto ms = duration_cast<milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms));
  return buf;
}
}  // namespace

void logEvent(const std::string& event, nlohmann::json fields) {
  static std::mutex mutex;
  fields["ts"] = nowIso8601();
  fields["event"] = event;
  std::string line = fields.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::lock_guard lock(mutex);
  std::fprintf(stderr, "%s\n", line.c_str());
}

}  // namespace limn::server
