#include "sync-server/data_folder.h"

#include <filesystem>

namespace limn::server {

Status preparePrivateDataFolder(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return makeError(ErrorCode::kIoError, "cannot create data folder " + dir + ": " + ec.message());
  fs::permissions(dir, fs::perms::owner_all, fs::perm_options::replace, ec);
  if (ec) return makeError(ErrorCode::kIoError, "cannot make data folder " + dir + " private: " + ec.message());
  return okStatus();
}

}  // namespace limn::server
