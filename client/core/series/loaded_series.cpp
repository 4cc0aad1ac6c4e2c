#include "client/core/series/loaded_series.h"

#include "client/core/imaging/stored_values.h"
#include "client/core/series/volume_builder.h"

namespace limn::series {

namespace {

std::string labelFor(const SeriesPlan& plan, const dicom::DicomImage& first, std::size_t slices) {
  std::string label = plan.modality.empty() ? "?" : plan.modality;
  if (first.instance.seriesNumber) label.append(" #").append(std::to_string(*first.instance.seriesNumber));
  if (!plan.description.empty()) label.append(" ").append(plan.description);
  label.append(" (").append(std::to_string(first.layout.columns)).append("x").append(std::to_string(first.layout.rows));
  if (slices > 1) label.append("x").append(std::to_string(slices));
  if (!plan.part.empty()) label.append(", ").append(plan.part);  // "echo 2", "b=1000"
  label.append(")");
  return label;
}

Result<ColourFrames> colourFrames(const dicom::DicomImage& img) {
  ColourFrames c;
  c.width = img.layout.columns;
  c.height = img.layout.rows;
  for (std::uint32_t f = 0; f < img.layout.frames; ++f) {
    auto rgba = imaging::colourFrameRgba(img, f);
    if (!rgba) return rgba.error();
    c.frames.push_back(std::move(rgba).value());
  }
  return c;
}

std::string imageId(const dicom::DicomImage& image, const std::string& name) {
  return image.instance.sopInstanceUid.empty() ? name : image.instance.sopInstanceUid;
}

void describeImages(LoadedSeries& s, const SeriesPlan& plan, std::span<const dicom::DicomImage> images,
                    std::span<const std::string> names) {
  const std::size_t slices = s.volume ? s.volume->geometry.depth : s.colour->frames.size();
  for (std::size_t index : plan.instances) {
    const dicom::DicomImage& image = images[index];
    const std::string name = index < names.size() ? names[index] : std::string("?");
    annot::ImageInfo info{imageId(image, name), name, image.layout.rows, image.layout.columns, image.layout.frames,
                          std::nullopt};
    if (image.display.pixelSpacingRow && image.display.pixelSpacingColumn)
      info.pixelSpacing = std::array<double, 2>{*image.display.pixelSpacingRow, *image.display.pixelSpacingColumn};
    s.images.push_back(std::move(info));
  }
  // One file per slice, or the frames of one multi-frame file.
  for (std::size_t z = 0; z < slices; ++z) {
    if (plan.instances.size() == slices)
      s.sliceImages.push_back({s.images[z].id, 0});
    else
      s.sliceImages.push_back({s.images.front().id, static_cast<std::uint32_t>(z)});
  }
}

}  // namespace

LoadResult assembleSeries(std::span<const dicom::DicomImage> images, std::span<const std::string> names) {
  LoadResult out;
  for (SeriesPlan& plan : planSeries(images)) {
    const std::size_t firstIndex = plan.instances.front();
    const dicom::DicomImage& first = images[firstIndex];
    const std::string& name = firstIndex < names.size() ? names[firstIndex] : std::string("?");
    LoadedSeries s;
    s.display = first.display;
    s.photometric = first.layout.photometric;
    s.bitsAllocated = first.layout.bitsAllocated;
    if (!first.layout.isColour()) {
      auto volume = buildVolume(plan, images);
      if (!volume) {
        out.failures.push_back(name + ": " + volume.error().message);
        continue;
      }
      s.label = labelFor(plan, first, volume->geometry.depth);
      s.volume = std::move(volume).value();
    } else {
      auto colour = colourFrames(first);
      if (!colour) {
        out.failures.push_back(name + ": " + colour.error().message);
        continue;
      }
      s.label = labelFor(plan, first, colour->frames.size());
      s.colour = std::move(colour).value();
    }
    describeImages(s, plan, images, names);
    s.plan = std::move(plan);
    out.series.push_back(std::move(s));
  }
  return out;
}

LoadedSeries photographSeries(const std::string& name, std::uint32_t width, std::uint32_t height,
                              std::vector<std::uint8_t> rgba) {
  LoadedSeries s;
  s.label = "Photo " + name + " (" + std::to_string(width) + "x" + std::to_string(height) + ")";
  s.plan.modality = "XC";  // external-camera photography
  s.plan.geometry.width = width;
  s.plan.geometry.height = height;
  s.plan.geometry.depth = 1;
  s.photometric = "RGB";
  s.colour = ColourFrames{width, height, {}};
  s.colour->frames.push_back(std::move(rgba));
  s.images.push_back({name, name, height, width, 1, std::nullopt});
  s.sliceImages.push_back({name, 0});
  return s;
}

}  // namespace limn::series
