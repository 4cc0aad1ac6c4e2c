// What the viewer shows after a load: one entry per series (or per colour
// image or photograph), ready for display. Built from decoded instances in
// one step so the UI never sees a half-assembled series.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "client/core/annot/annotation.h"
#include "client/core/annot/annotation_file.h"
#include "client/core/dicom/dicom_image.h"
#include "client/core/imaging/volume.h"
#include "client/core/series/series_plan.h"
#include "shared/error/result.h"

namespace limn::series {

// 8-bit RGBA frames (DICOM colour after GDCM's colour conversion, or a
// photograph decoded by the browser).
struct ColourFrames {
  std::uint32_t width = 0;
  std::uint32_t height = 0;
  std::vector<std::vector<std::uint8_t>> frames;  // width*height*4 each
};

struct LoadedSeries {
  std::string label;  // short, for the series list: modality, description, counts
  SeriesPlan plan;
  std::optional<imaging::Volume> volume;  // monochrome
  std::optional<ColourFrames> colour;     // colour
  dicom::DisplayAttributes display;       // of the first instance (its window)
  std::string photometric;
  std::uint16_t bitsAllocated = 8;
  // What annotations on slice (or frame) z refer to, and the images behind
  // them (SOP Instance UID, or the file name when there is none) for an
  // annotation file.
  std::vector<annot::ImageRef> sliceImages;
  std::vector<annot::ImageInfo> images;
};

struct LoadResult {
  std::vector<LoadedSeries> series;
  // Instances that decoded but could not be shown ("name: reason").
  std::vector<std::string> failures;
};

// Plans and builds every series in `images`; `names` (same size) name the
// files in failure messages.
LoadResult assembleSeries(std::span<const dicom::DicomImage> images, std::span<const std::string> names);

// A photograph (PNG/JPEG decoded by the browser) as a one-frame colour series.
LoadedSeries photographSeries(const std::string& name, std::uint32_t width, std::uint32_t height,
                              std::vector<std::uint8_t> rgba);

}  // namespace limn::series
