// Inputs named on the command line, expanded to files.
#pragma once

#include <string>
#include <vector>

namespace limn::cli {

// Files stay as named (a missing one is reported by whoever opens it);
// folders are walked recursively and their regular files listed sorted.
std::vector<std::string> expandInputs(const std::vector<std::string>& inputs);

}  // namespace limn::cli
