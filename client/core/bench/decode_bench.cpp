#include "client/core/bench/decode_bench.h"

#include <algorithm>
#include <chrono>

#include "client/core/dicom/dicom_decoder.h"
#include "client/core/io/file_bytes.h"

namespace limn::bench {

DecodeBenchResult runDecodeBench(const std::vector<std::string>& files, int passes,
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
  const auto start = std::chrono::steady_clock::now();
  for (int p = 0; p < passes; ++p) {
    for (std::size_t i = 0; i < corpus.size(); ++i) {
      const auto& bytes = corpus[i];
      const auto t0 = std::chrono::steady_clock::now();
      auto img = dicom::decodeDicom(bytes);
      perFile[i] += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
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
