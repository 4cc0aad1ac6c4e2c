#include "client/core/imaging/reslice.h"

#include <algorithm>
#include <cmath>

namespace limn::imaging {

namespace {

// LPS: +z points to the head. A plane's vertical axis is the slice axis;
// flip it when slices go feet-to-head so the head ends up on top.
bool headFirstWhenFlipped(const VolumeGeometry& g) { return !g.inPatientSpace || g.normal[2] >= 0; }

int dominantAxis(const Vec3& v) {
  const double ax = std::abs(v[0]), ay = std::abs(v[1]), az = std::abs(v[2]);
  return ax >= ay && ax >= az ? 0 : ay >= az ? 1 : 2;
}

}  // namespace

PlaneMapping planeMapping(const VolumeGeometry& g, SlicePlane plane) {
  PlaneMapping m;
  m.plane = plane;
  switch (plane) {
    case SlicePlane::kXY:
      m.width = g.width;
      m.height = g.height;
      m.pixelWidthMm = g.spacing[0];
      m.pixelHeightMm = g.spacing[1];
      break;
    case SlicePlane::kXZ:
      m.width = g.width;
      m.height = g.depth;
      m.pixelWidthMm = g.spacing[0];
      m.pixelHeightMm = g.spacing[2];
      m.flipSlices = headFirstWhenFlipped(g);
      break;
    case SlicePlane::kYZ:
      m.width = g.height;
      m.height = g.depth;
      m.pixelWidthMm = g.spacing[1];
      m.pixelHeightMm = g.spacing[2];
      m.flipSlices = headFirstWhenFlipped(g);
      break;
  }
  return m;
}

Voxel PlaneMapping::voxel(std::int64_t u, std::int64_t v, std::int64_t index) const {
  const std::int64_t z = flipSlices ? static_cast<std::int64_t>(height) - 1 - v : v;
  switch (plane) {
    case SlicePlane::kXY: return {u, v, index};
    case SlicePlane::kXZ: return {u, index, z};
    case SlicePlane::kYZ: return {index, u, z};
  }
  return {u, v, index};
}

std::array<std::int64_t, 2> PlaneMapping::planePixel(const Voxel& p) const {
  auto row = [&](std::int64_t z) { return flipSlices ? static_cast<std::int64_t>(height) - 1 - z : z; };
  switch (plane) {
    case SlicePlane::kXY: return {p[0], p[1]};
    case SlicePlane::kXZ: return {p[0], row(p[2])};
    case SlicePlane::kYZ: return {p[1], row(p[2])};
  }
  return {p[0], p[1]};
}

std::string_view planeName(const VolumeGeometry& g, SlicePlane plane) {
  if (!g.inPatientSpace) return plane == SlicePlane::kXY ? "Slice" : plane == SlicePlane::kXZ ? "Rows" : "Columns";
  const Vec3& n = plane == SlicePlane::kXY ? g.normal : plane == SlicePlane::kXZ ? g.columnDirection : g.rowDirection;
  switch (dominantAxis(n)) {
    case 0: return "Sagittal";
    case 1: return "Coronal";
    default: return "Axial";
  }
}

std::array<Vec3, 2> planeScreenAxes(const VolumeGeometry& g, SlicePlane plane) {
  const PlaneMapping m = planeMapping(g, plane);
  const Vec3 down = m.flipSlices ? scaled(g.normal, -1) : g.normal;
  switch (plane) {
    case SlicePlane::kXY: return {g.rowDirection, g.columnDirection};
    case SlicePlane::kXZ: return {g.rowDirection, down};
    case SlicePlane::kYZ: return {g.columnDirection, down};
  }
  return {g.rowDirection, g.columnDirection};
}

std::uint32_t planeCount(const VolumeGeometry& g, SlicePlane plane) {
  return plane == SlicePlane::kXY ? g.depth : plane == SlicePlane::kXZ ? g.height : g.width;
}

FrameValues extractPlane(const Volume& vol, SlicePlane plane, std::uint32_t index) {
  const VolumeGeometry& g = vol.geometry;
  const PlaneMapping m = planeMapping(g, plane);
  FrameValues out;
  out.width = m.width;
  out.height = m.height;
  out.range = vol.range;
  const std::uint32_t count = planeCount(g, plane);
  if (count == 0) return out;
  index = std::min(index, count - 1);
  if (plane == SlicePlane::kXY) {
    out.values = vol.slices[index];
    return out;
  }
  out.values.resize(std::size_t{m.width} * m.height);
  for (std::uint32_t v = 0; v < m.height; ++v) {
    const std::uint32_t z = m.flipSlices ? m.height - 1 - v : v;
    const std::vector<float>& slice = vol.slices[z];
    float* dst = out.values.data() + std::size_t{v} * m.width;
    if (plane == SlicePlane::kXZ) {
      std::copy_n(slice.data() + std::size_t{index} * g.width, g.width, dst);
    } else {
      for (std::uint32_t y = 0; y < g.height; ++y) dst[y] = slice[std::size_t{y} * g.width + index];
    }
  }
  return out;
}

}  // namespace limn::imaging
