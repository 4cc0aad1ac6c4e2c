#include "client/core/bench/decode_bench.h"

#include <chrono>
#include <fstream>
#include <iterator>

#include "client/core/dicom/dicom_decoder.h"

namespace limn::bench {

DecodeBenchResult runDecodeBench(const std::vector<std::string>& files, int passes,
                                 std::uint64_t maxFileBytes) {
  std::vector<std::vector<std::uint8_t>> corpus;
  for (const std::string& f : files) {
    std::ifstream in(f, std::ios::binary);
    std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!bytes.empty() && bytes.size() <= maxFileBytes) corpus.push_back(std::move(bytes));
  }
  DecodeBenchResult r;
  r.files = corpus.size();
  r.passes = passes;
  const auto start = std::chrono::steady_clock::now();
  for (int p = 0; p < passes; ++p) {
    for (const auto& bytes : corpus) {
      auto img = dicom::decodeDicom(bytes);
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
  return r;
}

}  // namespace limn::bench
