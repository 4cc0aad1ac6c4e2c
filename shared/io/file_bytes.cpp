#include "shared/io/file_bytes.h"

#include <filesystem>
#include <fstream>
#include <new>

namespace limn::io {

Result<std::vector<std::uint8_t>> readFileBytes(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  // A folder opens as a stream on Linux, then claims a size near 2^63 and
  // fails on the first read: named for what it is instead.
  if (fs::is_directory(path, ec)) return makeError(ErrorCode::kInvalidArgument, path + " is a folder, not a file");
  std::ifstream f(path, std::ios::binary | std::ios::ate);
  if (!f) return makeError(ErrorCode::kIoError, "cannot open " + path);
  const std::streamoff size = f.tellg();
  if (size < 0) return makeError(ErrorCode::kIoError, "cannot read " + path);
  std::vector<std::uint8_t> bytes;
  try {
    bytes.resize(static_cast<std::size_t>(size));
  } catch (const std::exception&) {  // bad_alloc, or a size beyond the vector's
    return makeError(ErrorCode::kTooLarge, path + " is too large to read into memory (" + std::to_string(size) + " bytes)");
  }
  f.seekg(0);
  if (!f.read(reinterpret_cast<char*>(bytes.data()), size)) return makeError(ErrorCode::kIoError, "cannot read " + path);
  return bytes;
}

Status writeFileAtomically(const std::string& path, std::span<const std::uint8_t> bytes) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path target(path);
  if (fs::is_directory(target, ec)) return makeError(ErrorCode::kInvalidArgument, path + " is a folder; name a file to write");
  if (target.has_parent_path()) fs::create_directories(target.parent_path(), ec);
  const std::string tmp = path + ".partial";
  bool written = false;
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    f.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    f.close();
    written = static_cast<bool>(f);
  }
  if (written) fs::rename(tmp, target, ec);
  if (!written || ec) {
    fs::remove(tmp, ec);  // nothing half-written is left behind
    return makeError(ErrorCode::kIoError, "cannot write " + path);
  }
  return okStatus();
}

}  // namespace limn::io
