#include "shared/cli/password_file.h"

#include "shared/io/file_bytes.h"

namespace limn {

Result<std::string> readPasswordFile(const std::string& path) {
  auto bytes = io::readFileBytes(path);
  if (!bytes) return makeError(bytes.error().code, "cannot read the password file: " + bytes.error().message);
  std::string password(bytes->begin(), bytes->end());
  if (!password.empty() && password.back() == '\n') password.pop_back();
  if (!password.empty() && password.back() == '\r') password.pop_back();
  if (password.size() < kMinPasswordLength)
    return makeError(ErrorCode::kInvalidArgument,
                     "the password must be at least " + std::to_string(kMinPasswordLength) + " characters");
  return password;
}

}  // namespace limn
