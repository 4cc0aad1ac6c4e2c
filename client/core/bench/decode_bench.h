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
  int passes = 0;                 // timed passes, after one untimed warm-up pass
  double seconds = 0;             // wall time of the timed passes, files already in memory
  // Processor time of the timed passes, all threads together: the work a
  // decode costs. Natively GDCM's OpenJPEG spreads one JPEG 2000 frame over
  // every core, while a wasm module decodes on one thread (the app runs one
  // module per core, one file each), so this compares like with like.
  double cpuSeconds = 0;
  std::map<std::string, double> fileSeconds;  // processor time per file, mean of the passes
  double inputMBps() const { return seconds > 0 ? passes * inputBytes / 1e6 / seconds : 0; }
  double pixelMBps() const { return seconds > 0 ? passes * pixelBytes / 1e6 / seconds : 0; }
};

// Reads every file once, decodes all of them once untimed (so that both
// runtimes are measured in their steady state: V8 runs wasm code in its
// baseline compiler until the code is found hot), then `passes` times. Files over
// `maxFileBytes` are skipped so one giant file cannot dominate the figure.
// Per-file times let two runtimes be compared file by file, so that one
// pathological file cannot decide the ratio either.
DecodeBenchResult runDecodeBench(const std::vector<std::string>& files, int passes,
                                 std::uint64_t maxFileBytes = 64ull << 20);

// Median over the files both results timed of (other time / this time).
double medianFileRatio(const DecodeBenchResult& self, const std::map<std::string, double>& other);

}  // namespace limn::bench
