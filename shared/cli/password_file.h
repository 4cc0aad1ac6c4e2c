// Passwords come from files, never from the command line (where `ps` and
// shell history would show them). One trailing newline is not part of it.
#pragma once

#include <cstddef>
#include <string>

#include "shared/error/result.h"

namespace limn {

inline constexpr std::size_t kMinPasswordLength = 12;  // OWASP ASVS 2.1.1

// Fails if unreadable or shorter than kMinPasswordLength.
Result<std::string> readPasswordFile(const std::string& path);

}  // namespace limn
