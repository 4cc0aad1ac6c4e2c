#include "client/core/series/volume_builder.h"

#include <algorithm>
#include <limits>

namespace limn::series {

namespace {

bool sameLut(const imaging::ModalityLut& a, const imaging::ModalityLut& b) {
  return a.slope == b.slope && a.intercept == b.intercept;
}

}  // namespace

Result<imaging::Volume> buildVolume(const SeriesPlan& plan, std::span<const dicom::DicomImage> images) {
  imaging::Volume v;
  v.geometry = plan.geometry;
  if (plan.instances.empty()) return makeError(ErrorCode::kInvalidArgument, "empty series");
  float lo = std::numeric_limits<float>::max(), hi = std::numeric_limits<float>::lowest();
  for (std::size_t i : plan.instances) {
    if (i >= images.size()) return makeError(ErrorCode::kInvalidArgument, "series plan does not match its images");
    const dicom::DicomImage& img = images[i];
    if (img.layout.columns != v.geometry.width || img.layout.rows != v.geometry.height)
      return makeError(ErrorCode::kInvalidArgument, "series plan mixes image sizes");
    for (std::uint32_t f = 0; f < img.layout.frames; ++f) {
      const imaging::ModalityLut lut = imaging::modalityLut(img, f);
      auto frame = imaging::monochromeFrame(img, f);
      if (!frame) return frame.error();
      lo = std::min(lo, frame->range.min);
      hi = std::max(hi, frame->range.max);
      v.slices.push_back(std::move(frame->values));
      v.sliceLuts.push_back(lut);
    }
  }
  v.geometry.depth = static_cast<std::uint32_t>(v.slices.size());
  if (v.geometry.inPatientSpace && v.slices.size() == plan.instances.size() &&
      std::all_of(plan.instances.begin(), plan.instances.end(),
                  [&](std::size_t i) { return images[i].instance.imagePosition.has_value(); })) {
    for (std::size_t i : plan.instances) v.sliceOrigins.push_back(*images[i].instance.imagePosition);
  }
  v.displayLut = v.sliceLuts.front();
  v.valuesAreModality = !std::all_of(v.sliceLuts.begin(), v.sliceLuts.end(),
                                     [&](const imaging::ModalityLut& l) { return sameLut(l, v.displayLut); });
  if (v.valuesAreModality) {
    // Files disagree on rescale (PET often does): one LUT cannot serve the
    // GPU, so slices carry modality values and readout inverts per slice.
    for (std::size_t z = 0; z < v.slices.size(); ++z)
      for (float& x : v.slices[z]) x = static_cast<float>(v.sliceLuts[z].apply(x));
    v.displayLut = {};
    lo = std::numeric_limits<float>::max();
    hi = std::numeric_limits<float>::lowest();
    for (const auto& s : v.slices) {
      const auto [mn, mx] = std::minmax_element(s.begin(), s.end());
      lo = std::min(lo, *mn);
      hi = std::max(hi, *mx);
    }
  }
  v.range = {lo, hi};
  return v;
}

}  // namespace limn::series
