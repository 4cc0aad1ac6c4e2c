#include "shared/cli/password_file.h"

#include <fstream>
#include <iterator>

namespace limn {

Result<std::string> readPasswordFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return makeError(ErrorCode::kIoError, "cannot read the password file " + path);
  std::string password((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!password.empty() && password.back() == '\n') password.pop_back();
  if (!password.empty() && password.back() == '\r') password.pop_back();
  if (password.size() < kMinPasswordLength)
    return makeError(ErrorCode::kInvalidArgument,
                     "the password must be at least " + std::to_string(kMinPasswordLength) + " characters");
  return password;
}

}  // namespace limn
