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
  int passes = 0;                 // timed passes, after the untimed warm-up passes
  int warmupPasses = 0;           // untimed passes made before them
  // Processor time of the first pass over the corpus (the first warm-up
  // pass): what a fresh process pays, in wasm while V8 still runs the code in
  // its baseline compiler.
  double firstPassCpuSeconds = 0;
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

// Reads every file once, decodes all of them untimed for at least
// `warmupSeconds` (and at least once), then `passes` times. The warm-up is
// measured in time rather than passes because V8 runs wasm code in its
// baseline compiler (Liftoff) until a function has used up its tier-up budget
// and only then in optimised code: one pass over a corpus of small files left
// most of GDCM's parsing in the baseline tier, doubling the wasm figure. A
// long-running page decoding a series reaches that steady state too; the
// first pass is reported beside it. Files over
// `maxFileBytes` are skipped so one giant file cannot dominate the figure.
// Per-file times let two runtimes be compared file by file, so that one
// pathological file cannot decide the ratio either.
DecodeBenchResult runDecodeBench(const std::vector<std::string>& files, int passes, double warmupSeconds = 2.0,
                                 std::uint64_t maxFileBytes = 64ull << 20);

// Median over the files both results timed of (other time / this time).
double medianFileRatio(const DecodeBenchResult& self, const std::map<std::string, double>& other);

}  // namespace limn::bench
