// A stack of monochrome slices with its place in patient space: one image,
// a multi-frame file, or a series assembled from many files. Values stay
// stored values (exact in float for up to 24 bits) so windowing happens on
// the GPU at full precision.
#pragma once

#include <cstdint>
#include <vector>

#include "client/core/imaging/stored_values.h"
#include "client/core/imaging/vec3.h"
#include "client/core/imaging/window_level.h"

namespace limn::imaging {

struct VolumeGeometry {
  std::uint32_t width = 0;   // columns
  std::uint32_t height = 0;  // rows
  std::uint32_t depth = 0;   // slices
  // Millimetres between columns, between rows, between slices. When a
  // spacing is unknown it is 1 and the matching flag below is false.
  Vec3 spacing{1, 1, 1};
  bool pixelSpacingKnown = false;
  bool sliceSpacingKnown = false;
  // Patient position of voxel (0,0,0) and the directions of +x, +y, +z.
  Vec3 origin{0, 0, 0};
  Vec3 rowDirection{1, 0, 0};
  Vec3 columnDirection{0, 1, 0};
  Vec3 normal{0, 0, 1};
  bool inPatientSpace = false;  // origin and directions come from the files

  std::size_t voxelsPerSlice() const { return std::size_t{width} * height; }
  // Patient position (mm) of a voxel centre (fractional indices allowed).
  Vec3 patientPosition(double x, double y, double z) const {
    return add(add(origin, scaled(rowDirection, x * spacing[0])),
               add(scaled(columnDirection, y * spacing[1]), scaled(normal, z * spacing[2])));
  }
};

struct Volume {
  VolumeGeometry geometry;
  std::vector<std::vector<float>> slices;  // depth slices, each width*height, row-major
  // How to turn `slices` values into modality values (HU for CT). When the
  // files disagree on rescale, slices already hold modality values and
  // this is the identity; sliceLuts keep each file's own LUT for readout.
  ModalityLut displayLut;
  std::vector<ModalityLut> sliceLuts;  // one per slice
  bool valuesAreModality = false;
  ValueRange range;  // of the values in `slices`
  // Patient position of each slice's first voxel as its file states it (one
  // per slice of a series of single-frame files; empty otherwise). Readout
  // uses it: after a gap or an uneven step, origin + z * spacing is wrong.
  std::vector<Vec3> sliceOrigins;

  // Patient position (mm) of a voxel centre on slice z.
  Vec3 patientPosition(double x, double y, std::uint32_t z) const {
    if (z >= sliceOrigins.size()) return geometry.patientPosition(x, y, z);
    return add(sliceOrigins[z], add(scaled(geometry.rowDirection, x * geometry.spacing[0]),
                                    scaled(geometry.columnDirection, y * geometry.spacing[1])));
  }

  float value(std::uint32_t x, std::uint32_t y, std::uint32_t z) const {
    return slices[z][std::size_t{y} * geometry.width + x];
  }
  double modalityValue(std::uint32_t x, std::uint32_t y, std::uint32_t z) const {
    return displayLut.apply(value(x, y, z));
  }
  // The value as stored in the file (before its rescale).
  double storedValue(std::uint32_t x, std::uint32_t y, std::uint32_t z) const {
    if (!valuesAreModality) return value(x, y, z);
    const ModalityLut& lut = sliceLuts[z];
    return (value(x, y, z) - lut.intercept) / lut.slope;
  }
};

}  // namespace limn::imaging
