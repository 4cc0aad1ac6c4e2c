#include "client/core/bench/deid_bench.h"

#include <chrono>

#include "client/core/deid/deidentifier.h"
#include "shared/io/file_bytes.h"

namespace limn::bench {

DeidBenchResult runDeidBench(const std::vector<std::string>& files, int passes, std::uint64_t maxFileBytes) {
  std::vector<std::vector<std::uint8_t>> corpus;
  for (const std::string& f : files) {
    auto bytes = io::readFileBytes(f);
    if (bytes && !bytes->empty() && bytes->size() <= maxFileBytes) corpus.push_back(std::move(*bytes));
  }
  deid::DeidConfig config;
  config.key.fill(0x5A);
  config.keyIsEphemeral = false;
  config.burnedIn.releaseReviewed = true;

  DeidBenchResult r;
  r.files = corpus.size();
  r.passes = passes;
  const auto start = std::chrono::steady_clock::now();
  for (int p = 0; p < passes; ++p) {
    for (const auto& bytes : corpus) {
      auto out = deid::deidentifyDicom(bytes, config);
      if (p > 0) continue;
      r.inputBytes += bytes.size();
      if (out && out->report.status == deid::FileStatus::kDeidentified) ++r.deidentified;
      else ++r.unreadable;
    }
  }
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return r;
}

}  // namespace limn::bench
