#include "client/core/bench/decode_bench.h"

#include <algorithm>
#include <chrono>
#include <ctime>

#include "client/core/dicom/dicom_decoder.h"
#include "shared/io/file_bytes.h"

namespace limn::bench {

namespace {

// Processor time of the whole process in seconds. A wasm module runs on one
// thread and Emscripten has no processor clock, so there it is wall time.
double processorSeconds() {
#ifdef __EMSCRIPTEN__
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
#else
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
#endif
}

}  // namespace

DecodeBenchResult runDecodeBench(const std::vector<std::string>& files, int passes, double warmupSeconds,
                                 std::uint64_t maxFileBytes) {
  std::vector<std::vector<std::uint8_t>> corpus;
  std::vector<std::string> names;
  for (const std::string& f : files) {
    auto bytes = io::readFileBytes(f);
    if (!bytes || bytes->empty() || bytes->size() > maxFileBytes) continue;
    corpus.push_back(std::move(*bytes));
    names.push_back(f);
  }
  std::vector<double> perFile(corpus.size(), 0.0);
  DecodeBenchResult r;
  r.files = corpus.size();
  r.passes = passes;
  const auto warmupStart = std::chrono::steady_clock::now();
  do {
    const double t0 = processorSeconds();
    for (const auto& bytes : corpus) (void)dicom::decodeDicom(bytes);
    if (r.warmupPasses++ == 0) r.firstPassCpuSeconds = processorSeconds() - t0;
  } while (std::chrono::duration<double>(std::chrono::steady_clock::now() - warmupStart).count() < warmupSeconds);
  const auto start = std::chrono::steady_clock::now();
  const double cpuStart = processorSeconds();
  for (int p = 0; p < passes; ++p) {
    for (std::size_t i = 0; i < corpus.size(); ++i) {
      const auto& bytes = corpus[i];
      const double t0 = processorSeconds();
      auto img = dicom::decodeDicom(bytes);
      perFile[i] += processorSeconds() - t0;
      if (p > 0) continue;
      r.inputBytes += bytes.size();
      if (img && img->hasPixelData) {
        ++r.decoded;
        r.pixelBytes += img->pixels.size();
      } else if (!img) {
        ++r.rejected;
      }
    }
  }
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  r.cpuSeconds = processorSeconds() - cpuStart;
  for (std::size_t i = 0; i < names.size(); ++i) r.fileSeconds[names[i]] = perFile[i] / passes;
  return r;
}

double medianFileRatio(const DecodeBenchResult& self, const std::map<std::string, double>& other) {
  std::vector<double> ratios;
  for (const auto& [name, seconds] : self.fileSeconds) {
    auto it = other.find(name);
    if (it != other.end() && seconds > 0) ratios.push_back(it->second / seconds);
  }
  if (ratios.empty()) return 0;
  std::sort(ratios.begin(), ratios.end());
  return ratios[ratios.size() / 2];
}

}  // namespace limn::bench
