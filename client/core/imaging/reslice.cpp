#include "client/core/imaging/reslice.h"

#include <algorithm>
#include <cmath>

namespace limn::imaging {

namespace {

// Which volume axis (0 = x, 1 = y, 2 = z) runs along a plane image's
// columns (u) and rows (v), and which one the plane is perpendicular to.
struct PlaneAxes {
  int u, v, fixed;
};
constexpr PlaneAxes kPlaneAxes[] = {{0, 1, 2}, {0, 2, 1}, {1, 2, 0}};  // XY, XZ, YZ

const PlaneAxes& axesOf(SlicePlane plane) { return kPlaneAxes[static_cast<int>(plane)]; }

std::uint32_t extent(const VolumeGeometry& g, int axis) {
  return axis == 0 ? g.width : axis == 1 ? g.height : g.depth;
}

const Vec3& direction(const VolumeGeometry& g, int axis) {
  return axis == 0 ? g.rowDirection : axis == 1 ? g.columnDirection : g.normal;
}

// LPS: +z points to the head. A plane whose rows run along the slices is
// drawn with the head at the top: slices going feet-to-head are flipped.
bool headFirstWhenFlipped(const VolumeGeometry& g) { return !g.inPatientSpace || g.normal[2] >= 0; }

int dominantAxis(const Vec3& v) {
  const double ax = std::abs(v[0]), ay = std::abs(v[1]), az = std::abs(v[2]);
  return ax >= ay && ax >= az ? 0 : ay >= az ? 1 : 2;
}

}  // namespace

int PlaneMapping::fixedAxis() const { return axesOf(plane).fixed; }

PlaneMapping planeMapping(const VolumeGeometry& g, SlicePlane plane) {
  const PlaneAxes& a = axesOf(plane);
  PlaneMapping m;
  m.plane = plane;
  m.width = extent(g, a.u);
  m.height = extent(g, a.v);
  m.pixelWidthMm = g.spacing[a.u];
  m.pixelHeightMm = g.spacing[a.v];
  m.flipSlices = a.v == 2 && headFirstWhenFlipped(g);
  return m;
}

Voxel PlaneMapping::voxel(std::int64_t u, std::int64_t v, std::int64_t index) const {
  const PlaneAxes& a = axesOf(plane);
  Voxel out{};
  out[a.u] = u;
  out[a.v] = flipSlices ? static_cast<std::int64_t>(height) - 1 - v : v;
  out[a.fixed] = index;
  return out;
}

std::array<std::int64_t, 2> PlaneMapping::planePixel(const Voxel& p) const {
  const PlaneAxes& a = axesOf(plane);
  return {p[a.u], flipSlices ? static_cast<std::int64_t>(height) - 1 - p[a.v] : p[a.v]};
}

std::string_view planeName(const VolumeGeometry& g, SlicePlane plane) {
  if (!g.inPatientSpace) return plane == SlicePlane::kXY ? "Slice" : plane == SlicePlane::kXZ ? "Rows" : "Columns";
  switch (dominantAxis(direction(g, axesOf(plane).fixed))) {
    case 0: return "Sagittal";
    case 1: return "Coronal";
    default: return "Axial";
  }
}

std::array<Vec3, 2> planeScreenAxes(const VolumeGeometry& g, SlicePlane plane) {
  const PlaneAxes& a = axesOf(plane);
  const Vec3& down = direction(g, a.v);
  return {direction(g, a.u), planeMapping(g, plane).flipSlices ? scaled(down, -1) : down};
}

std::uint32_t planeCount(const VolumeGeometry& g, SlicePlane plane) { return extent(g, axesOf(plane).fixed); }

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
