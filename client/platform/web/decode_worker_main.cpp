// The decode worker's wasm module (limn-decode): GDCM decoding for
// web/workers/decode-worker.js, off the UI thread. One call decodes one
// file; the result stays valid until the next call.
#include <emscripten.h>

#include <nlohmann/json.hpp>
#include <span>
#include <string>

#include "client/core/dicom/dicom_decoder.h"
#include "client/core/dicom/image_header_json.h"
#include "client/core/dicom/synthetic_series.h"

namespace {

limn::dicom::DicomImage g_image;
std::string g_header;  // image header JSON, or {"error": {...}}

}  // namespace

extern "C" {

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

// Frees the last result's pixels (a worker may sit idle for a long time).
EMSCRIPTEN_KEEPALIVE void limn_decode_release() {
  g_image = {};
  g_header.clear();
}

}  // extern "C"
