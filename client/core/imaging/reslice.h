// Orthogonal planes through a volume (MPR): the acquired plane (XY), and
// the two planes that contain the slice axis (XZ, YZ). The acquired plane
// is shown as stored; the other two are oriented as radiologists read them,
// whatever the acquisition: axial with the patient's left on the right and
// posterior down, coronal with left on the right and the head at the top,
// sagittal with posterior on the right and the head at the top (a sagittal
// series' axial view is turned, not transposed).
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "client/core/imaging/stored_values.h"
#include "client/core/imaging/volume.h"

namespace limn::imaging {

enum class SlicePlane : std::uint8_t { kXY = 0, kXZ = 1, kYZ = 2 };
inline constexpr std::array<SlicePlane, 3> kAllPlanes{SlicePlane::kXY, SlicePlane::kXZ, SlicePlane::kYZ};

// Voxel index triple (x = column, y = row, z = slice).
using Voxel = std::array<std::int64_t, 3>;

// How a plane image relates to the volume; all functions are exact inverses.
struct PlaneMapping {
  SlicePlane plane = SlicePlane::kXY;
  std::uint32_t width = 0;   // plane image columns
  std::uint32_t height = 0;  // plane image rows
  int uAxis = 0, vAxis = 1;  // the volume axes along the image's columns and rows
  bool flipU = false;        // the image's left column is the axis' last index
  bool flipV = false;        // the image's top row is the axis' last index
  double pixelWidthMm = 1;   // physical size of one plane pixel
  double pixelHeightMm = 1;

  // The volume axis the plane is perpendicular to (0 = x, 1 = y, 2 = z).
  int fixedAxis() const;
  Voxel voxel(std::int64_t u, std::int64_t v, std::int64_t index) const;
  // (u, v) plane pixel of a voxel; the fixed coordinate is ignored.
  std::array<std::int64_t, 2> planePixel(const Voxel& voxel) const;
};

PlaneMapping planeMapping(const VolumeGeometry& g, SlicePlane plane);

// A plane whose normal is tilted more than 1 degree from the nearest
// patient axis is named oblique. Planes are shown in the volume's own axes,
// voxel for voxel (as ITK-SNAP does), never resampled: an oblique plane
// says so rather than passing for a true axial, coronal or sagittal one.
inline constexpr double kObliqueCosine = 0.9998477;  // cos(1 degree)

// "Axial", "Coronal" or "Sagittal" (or "Oblique axial"...) from the plane's
// direction in patient space; "Slice", "Rows", "Columns" when the volume
// has no patient geometry.
std::string_view planeName(const VolumeGeometry& g, SlicePlane plane);

// Patient-space directions of the plane image's +u (rightwards) and +v
// (downwards) axes, for orientation labels at the image's edges.
std::array<Vec3, 2> planeScreenAxes(const VolumeGeometry& g, SlicePlane plane);

// Number of positions along the plane's fixed axis.
std::uint32_t planeCount(const VolumeGeometry& g, SlicePlane plane);

// The plane image at `index` along its fixed axis (clamped), in stored or
// modality values as the volume holds them. range is the volume's.
FrameValues extractPlane(const Volume& v, SlicePlane plane, std::uint32_t index);

}  // namespace limn::imaging
