// `limn dicom info FILE...`: one JSON object per line per file. Scripts and
// tests depend on the field names; add fields, never rename them.
#include <cstdio>
#include <nlohmann/json.hpp>

#include "client/cli/input_files.h"
#include "shared/cli/args.h"
#include "client/cli/command.h"
#include "client/core/dicom/dicom_decoder.h"
#include "client/core/dicom/pixel_digest.h"

namespace limn::cli {

namespace {

nlohmann::json describe(const std::string& file, const Result<dicom::DicomImage>& r) {
  nlohmann::json j;
  j["file"] = file;
  j["ok"] = r.ok();
  if (!r) {
    j["error"] = r.error().message;
    j["error_code"] = std::string(errorCodeName(r.error().code));
    return j;
  }
  const dicom::DicomImage& img = r.value();
  const dicom::PixelLayout& l = img.layout;
  j["transfer_syntax"] = img.transferSyntaxUid;
  j["modality"] = img.modality;
  j["sop_class_uid"] = img.sopClassUid;
  j["has_pixel_data"] = img.hasPixelData;
  if (!img.hasPixelData) {
    for (const char* k : {"rows", "columns", "frames", "samples_per_pixel", "bits_allocated", "pixel_sha256"})
      j[k] = nullptr;
    return j;
  }
  j["rows"] = l.rows;
  j["columns"] = l.columns;
  j["frames"] = l.frames;
  j["samples_per_pixel"] = l.samplesPerPixel;
  j["bits_allocated"] = l.bitsAllocated;
  j["bits_stored"] = l.bitsStored;
  j["pixel_representation"] = l.isSigned ? 1 : 0;
  j["photometric_interpretation"] = l.photometric;
  j["pixel_bytes"] = img.pixels.size();
  j["pixel_sha256"] = dicom::pixelSha256Hex(img);
  return j;
}

}  // namespace

int runDicomInfo(const std::vector<std::string>& words) {
  auto args = Args::parse(words, {}, {});
  if (!args) {
    std::fprintf(stderr, "limn dicom info: %s\n", args.error().message.c_str());
    return kExitUsage;
  }
  if (args->positional().empty()) {
    std::fprintf(stderr, "usage: limn dicom info FILE|DIR...\n");
    return kExitUsage;
  }
  int failures = 0;
  for (const std::string& file : expandInputs(args->positional())) {
    auto result = dicom::decodeDicomFile(file);
    if (!result) {
      ++failures;
      std::fprintf(stderr, "limn: %s: %s\n", file.c_str(), result.error().message.c_str());
    }
    std::printf("%s\n", describe(file, result).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
    std::fflush(stdout);
  }
  return failures == 0 ? kExitOk : kExitFailed;
}

}  // namespace limn::cli
