// The decode worker's wasm module (limn-decode): GDCM decoding and
// de-identification for web/workers/decode-worker.js, off the UI thread. One
// call handles one file; its result stays valid until the next call.
#include <emscripten.h>

#include <nlohmann/json.hpp>
#include <algorithm>
#include <span>
#include <vector>
#include <string>

#include "client/core/deid/deid_config_json.h"
#include "client/core/deid/deidentifier.h"
#include "client/core/dicom/dicom_decoder.h"
#include "client/core/dicom/image_header_json.h"
#include "client/core/dicom/synthetic_series.h"

namespace {

std::vector<std::uint8_t> g_input;  // the file being read (limn_input_buffer)
limn::dicom::DicomImage g_image;
std::string g_header;  // image header JSON, or {"error": {...}}

std::vector<std::uint8_t> g_deidBytes;  // the last de-identified file
std::string g_deidReport;               // its file report (JSON)
std::string g_deidSettings;             // the settings g_deidConfig was made from
limn::deid::DeidConfig g_deidConfig;    // derived once per run, not per file

}  // namespace

extern "C" {

// A buffer of `length` bytes that JS fills with the next file for
// limn_decode or limn_deid; valid until the next request or release. A
// std::vector rather than malloc from JS: operator new aligns large blocks
// (parse_allocation_cap.cpp), which keeps the copies out of it fast.
EMSCRIPTEN_KEEPALIVE std::uint8_t* limn_input_buffer(int length) {
  g_input.assign(static_cast<std::size_t>(std::max(length, 1)), 0);
  return g_input.data();
}

// Decodes `length` bytes; returns 1 on success (header and pixels ready),
// 0 on failure (header holds {"error": {"code", "message"}}).
EMSCRIPTEN_KEEPALIVE int limn_decode(const std::uint8_t* bytes, int length) {
  g_image = {};
  if (length < 0) length = 0;
  auto r = limn::dicom::decodeDicom(std::span<const std::uint8_t>(bytes, static_cast<std::size_t>(length)));
  if (!r) {
    g_header = nlohmann::json{{"error",
                               {{"code", std::string(limn::errorCodeName(r.error().code))},
                                {"message", r.error().message}}}}
                   .dump();
    return 0;
  }
  g_image = std::move(r).value();
  g_header = limn::dicom::imageHeaderToJson(g_image);
  return 1;
}

EMSCRIPTEN_KEEPALIVE const char* limn_decoded_header() { return g_header.c_str(); }
EMSCRIPTEN_KEEPALIVE const std::uint8_t* limn_decoded_pixels() { return g_image.pixels.data(); }
EMSCRIPTEN_KEEPALIVE int limn_decoded_pixel_bytes() { return static_cast<int>(g_image.pixels.size()); }

// Decodes a small synthetic CT slice once, so the browser has compiled and
// optimised the decoding code before the user's first file arrives.
EMSCRIPTEN_KEEPALIVE void limn_decode_warmup() {
  limn::dicom::SyntheticSeriesSpec spec;
  spec.columns = spec.rows = 64;
  spec.slices = 1;
  for (int i = 0; i < 20; ++i) {
    auto bytes = limn::dicom::syntheticSliceBytes(spec, 0);
    if (!bytes) return;
    (void)limn::dicom::decodeDicom(*bytes);
  }
}

// De-identifies `length` bytes with `settings` (deid_config_json.h);
// `name` is the file's path for the report. Returns 1 when a de-identified
// file is ready (limn_deid_output), 0 when the file was refused or
// unreadable; the report (limn_deid_report) says which and why.
EMSCRIPTEN_KEEPALIVE int limn_deid(const std::uint8_t* bytes, int length, const char* settings, const char* name) {
  g_deidBytes = {};
  limn::deid::FileReport report;
  if (!settings || g_deidSettings != settings) {
    auto config = limn::deid::deidConfigFromJson(settings ? settings : "");
    if (!config) {
      g_deidSettings.clear();
      report.status = limn::deid::FileStatus::kUnreadable;
      report.reason = "settings: " + config.error().message;
    } else {
      g_deidConfig = std::move(*config);
      g_deidSettings = settings;
    }
  }
  if (!g_deidSettings.empty()) {
    auto r = limn::deid::deidentifyDicom(
        std::span<const std::uint8_t>(bytes, static_cast<std::size_t>(std::max(length, 0))), g_deidConfig);
    if (!r) {
      report.status = limn::deid::FileStatus::kUnreadable;
      report.reason = r.error().message;
    } else {
      report = std::move(r->report);
      g_deidBytes = std::move(r->bytes);
    }
  }
  report.input = name ? name : "";
  g_deidReport = limn::deid::fileReportJson(report);
  return report.status == limn::deid::FileStatus::kDeidentified ? 1 : 0;
}

EMSCRIPTEN_KEEPALIVE const char* limn_deid_report() { return g_deidReport.c_str(); }
EMSCRIPTEN_KEEPALIVE const std::uint8_t* limn_deid_output() { return g_deidBytes.data(); }
EMSCRIPTEN_KEEPALIVE int limn_deid_output_bytes() { return static_cast<int>(g_deidBytes.size()); }

// Frees the last result's pixels (a worker may sit idle for a long time).
EMSCRIPTEN_KEEPALIVE void limn_decode_release() {
  g_input = {};
  g_image = {};
  g_header.clear();
  g_deidBytes = {};
}

}  // extern "C"
