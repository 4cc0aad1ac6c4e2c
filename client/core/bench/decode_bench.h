// DICOM decode throughput: the same measurement natively and in wasm, so
// the two can be compared side by side.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace limn::bench {

struct DecodeBenchResult {
  std::size_t files = 0;          // files in the corpus
  std::size_t decoded = 0;        // files that decoded to pixels (per pass)
  std::size_t rejected = 0;       // files rejected with an error (per pass)
  std::uint64_t inputBytes = 0;   // bytes of all corpus files, one pass
  std::uint64_t pixelBytes = 0;   // decoded sample bytes, one pass
  int passes = 0;
  double seconds = 0;             // wall time of all passes, files already in memory
  std::map<std::string, double> fileSeconds;  // per file, mean of the passes
  double inputMBps() const { return seconds > 0 ? passes * inputBytes / 1e6 / seconds : 0; }
  double pixelMBps() const { return seconds > 0 ? passes * pixelBytes / 1e6 / seconds : 0; }
};

// Reads every file once, then decodes all of them `passes` times. Files over
// `maxFileBytes` are skipped so one giant file cannot dominate the figure.
// Per-file times let two runtimes be compared file by file, so that one
// pathological file cannot decide the ratio either.
DecodeBenchResult runDecodeBench(const std::vector<std::string>& files, int passes,
                                 std::uint64_t maxFileBytes = 64ull << 20);

// Median over the files both results timed of (other time / this time).
double medianFileRatio(const DecodeBenchResult& self, const std::map<std::string, double>& other);

}  // namespace limn::bench
