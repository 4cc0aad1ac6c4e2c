// `limn dicom pixels FILE --out RAW`: writes the canonical decoded samples
// (the bytes behind pixel_sha256) for inspection with other tools.
#include <cstdio>
#include <fstream>

#include "client/cli/command.h"
#include "client/core/dicom/dicom_decoder.h"
#include "shared/cli/args.h"

namespace limn::cli {

int runDicomPixels(const std::vector<std::string>& words) {
  auto args = Args::parse(words, {}, {"out"});
  if (!args || args->positional().size() != 1 || !args->value("out")) {
    std::fprintf(stderr, "usage: limn dicom pixels FILE --out RAW\n");
    return kExitUsage;
  }
  const std::string& file = args->positional()[0];
  auto image = dicom::decodeDicomFile(file);
  if (!image) {
    std::fprintf(stderr, "limn: %s: %s\n", file.c_str(), image.error().message.c_str());
    return kExitFailed;
  }
  if (!image->hasPixelData) {
    std::fprintf(stderr, "limn: %s: no pixel data\n", file.c_str());
    return kExitFailed;
  }
  std::ofstream out(*args->value("out"), std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(image->pixels.data()), static_cast<std::streamsize>(image->pixels.size()));
  if (!out) {
    std::fprintf(stderr, "limn: cannot write %s\n", args->value("out")->c_str());
    return kExitFailed;
  }
  return kExitOk;
}

}  // namespace limn::cli
