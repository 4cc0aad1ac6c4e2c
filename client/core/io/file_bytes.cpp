#include "client/core/io/file_bytes.h"

#include <filesystem>
#include <fstream>

namespace limn::io {

Result<std::vector<std::uint8_t>> readFileBytes(const std::string& path) {
  std::ifstream f(path, std::ios::binary | std::ios::ate);
  if (!f) return makeError(ErrorCode::kIoError, "cannot open " + path);
  const std::streamoff size = f.tellg();
  if (size < 0) return makeError(ErrorCode::kIoError, "cannot read " + path);
  std::vector<std::uint8_t> bytes(static_cast<std::size_t>(size));
  f.seekg(0);
  if (!f.read(reinterpret_cast<char*>(bytes.data()), size)) return makeError(ErrorCode::kIoError, "cannot read " + path);
  return bytes;
}

Status writeFileAtomically(const std::string& path, std::span<const std::uint8_t> bytes) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path target(path);
  if (target.has_parent_path()) fs::create_directories(target.parent_path(), ec);
  const std::string tmp = path + ".partial";
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    f.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    if (!f) return makeError(ErrorCode::kIoError, "cannot write " + path);
  }
  fs::rename(tmp, target, ec);
  if (ec) return makeError(ErrorCode::kIoError, "cannot write " + path);
  return okStatus();
}

}  // namespace limn::io
