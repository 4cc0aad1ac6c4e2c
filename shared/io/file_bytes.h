// Whole files in and out, with errors as values (a folder, an unreadable
// or too large file are errors, never exceptions). Reads size the buffer once
// (byte-by-byte stream iteration costs 10x more in wasm); writes go to a
// temporary name first, so a crash never leaves a half-written file under
// the real one.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "shared/error/result.h"

namespace limn::io {

Result<std::vector<std::uint8_t>> readFileBytes(const std::string& path);

// Creates missing parent folders.
Status writeFileAtomically(const std::string& path, std::span<const std::uint8_t> bytes);

}  // namespace limn::io
