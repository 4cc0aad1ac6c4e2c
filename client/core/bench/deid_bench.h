// De-identification throughput in memory: the engine alone, natively and in
// wasm (as the browser runs it), for `limn bench` to set beside gdcmanon.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace limn::bench {

struct DeidBenchResult {
  std::size_t files = 0;
  std::size_t deidentified = 0;  // per pass
  std::size_t unreadable = 0;    // per pass
  std::uint64_t inputBytes = 0;  // one pass
  int passes = 0;
  double seconds = 0;            // all passes, files already in memory
  double inputMBps() const { return seconds > 0 ? passes * inputBytes / 1e6 / seconds : 0; }
};

// Safe Harbor with a fixed project key; files at burned-in risk are
// released as reviewed, so every readable file is fully processed.
DeidBenchResult runDeidBench(const std::vector<std::string>& files, int passes,
                             std::uint64_t maxFileBytes = 64ull << 20);

}  // namespace limn::bench
