// What every check of a password (login, unlock, password change) shares:
// the throttles an attempt meets, so failures anywhere count against the
// same account and address.
#pragma once

#include <array>
#include <string>
#include <utility>

#include "sync-server/http/router.h"

namespace limn::server {

std::string lower(std::string s);

// The two limits an attempt meets: its account's and its address's.
std::array<std::pair<LoginThrottle*, std::string>, 2> throttleKeys(Call& call, const std::string& name);

// One check of a password, reserved against both limits from the moment it
// is allowed until its outcome is known: checks in flight count, so
// parallel guesses cannot all pass before the first failure is recorded.
// Settle it once with failed() or succeeded(); one dropped unsettled (a
// malformed request, an error) gives its reservation back.
class PasswordAttempt {
 public:
  // kRateLimited when either limit refuses the attempt now (the wait is
  // put in the request's audit detail).
  static Result<PasswordAttempt> begin(Call& call, const std::string& name);

  PasswordAttempt(PasswordAttempt&& other) noexcept;
  PasswordAttempt& operator=(PasswordAttempt&&) = delete;
  PasswordAttempt(const PasswordAttempt&) = delete;
  PasswordAttempt& operator=(const PasswordAttempt&) = delete;
  ~PasswordAttempt();

  // A wrong password or code; true when it locked the account.
  bool failed();
  // A right password: the account's failures are forgiven (not the address's).
  void succeeded();

 private:
  PasswordAttempt(Call& call, std::string name) : m_call(&call), m_name(std::move(name)) {}
  Call* m_call;  // null once settled or moved from
  std::string m_name;
};

}  // namespace limn::server
