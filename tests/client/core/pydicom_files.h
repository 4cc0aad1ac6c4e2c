// Test files for the core suites: pydicom's real files (Debian
// python3-pydicom) and the repository's own.
#pragma once

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "shared/io/file_bytes.h"

namespace limn::test {

inline const std::string kTestFiles = std::string(LIMN_PYDICOM_DATA) + "/test_files";
inline const std::string kCharsetFiles = std::string(LIMN_PYDICOM_DATA) + "/charset_files";
// The repository's own DICOM test files, written by the scripts beside them.
inline const std::string kOwnDicomFiles = std::string(LIMN_TEST_DATA) + "/client/core/dicom/data/";

inline std::vector<std::uint8_t> readAll(const std::string& path) {
  auto bytes = io::readFileBytes(path);
  REQUIRE(bytes.ok());
  return std::move(*bytes);
}

// Every file under `dir` but pydicom's Python sources, sorted.
inline std::vector<std::string> pydicomFilesUnder(const std::string& dir) {
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir))
    if (e.is_regular_file() && e.path().extension() != ".py" && e.path().extension() != ".pyc")
      files.push_back(e.path().string());
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace limn::test
