#include "sync-server/api/password_attempts.h"

#include <cctype>
#include <chrono>
#include <mutex>

namespace limn::server {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

namespace {
std::int64_t nowMs() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}
}  // namespace

std::array<std::pair<LoginThrottle*, std::string>, 2> throttleKeys(Call& call, const std::string& name) {
  return {std::pair{&call.ctx.accountThrottle, "account:" + lower(name)},
          std::pair{&call.ctx.addressThrottle, "address:" + call.address}};
}

Result<PasswordAttempt> PasswordAttempt::begin(Call& call, const std::string& name) {
  std::lock_guard lock(call.ctx.throttleMutex);
  const auto keys = throttleKeys(call, name);
  const std::int64_t now = nowMs();
  for (const auto& [throttle, key] : keys) {
    const ThrottleDecision d = throttle->check(key, now);
    if (!d.allowed) {
      call.event.detail["retry_after"] = d.retryAfterSeconds;
      call.event.detail["locked"] = d.locked;
      return makeError(ErrorCode::kRateLimited,
                       "too many failed attempts; retry in " + std::to_string(d.retryAfterSeconds) + " s");
    }
  }
  // Checked and reserved under one lock: no other attempt slips in between.
  for (const auto& [throttle, key] : keys) throttle->reserve(key);
  return PasswordAttempt(call, name);
}

PasswordAttempt::PasswordAttempt(PasswordAttempt&& other) noexcept
    : m_call(std::exchange(other.m_call, nullptr)), m_name(std::move(other.m_name)) {}

PasswordAttempt::~PasswordAttempt() {
  if (!m_call) return;
  std::lock_guard lock(m_call->ctx.throttleMutex);
  for (const auto& [throttle, key] : throttleKeys(*m_call, m_name)) throttle->release(key);
}

bool PasswordAttempt::failed() {
  if (!m_call) return false;
  std::lock_guard lock(m_call->ctx.throttleMutex);
  bool locked = false;
  const std::int64_t now = nowMs();
  for (const auto& [throttle, key] : throttleKeys(*m_call, m_name))
    locked = throttle->recordFailure(key, now) || locked;
  m_call = nullptr;
  return locked;
}

void PasswordAttempt::succeeded() {
  if (!m_call) return;
  std::lock_guard lock(m_call->ctx.throttleMutex);
  // The account's failures are forgiven; the address gets back one: a
  // hospital's typos followed by right passwords do not pile up behind its
  // one NAT address, while guesses at other accounts interleaved with one's
  // own right password still do (each needs a success to offset it).
  const auto [account, address] = throttleKeys(*m_call, m_name);
  account.first->recordSuccess(account.second);
  address.first->forgiveOne(address.second);
  m_call = nullptr;
}

}  // namespace limn::server
