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

int dominantAxis(const Vec3& v) {
  const double ax = std::abs(v[0]), ay = std::abs(v[1]), az = std::abs(v[2]);
  return ax >= ay && ax >= az ? 0 : ay >= az ? 1 : 2;
}

// Reading orientation (LPS) of a plane perpendicular to patient axis
// `normalAxis`: the patient directions of the screen's right and down.
struct Reading {
  Vec3 right, down;
};
Reading readingOf(int normalAxis) {
  switch (normalAxis) {
    case 0: return {{0, 1, 0}, {0, 0, -1}};  // sagittal: posterior on the right, head up
    case 1: return {{1, 0, 0}, {0, 0, -1}};  // coronal: patient's left on the right, head up
    default: return {{1, 0, 0}, {0, 1, 0}};  // axial: left on the right, posterior down
  }
}

}  // namespace

int PlaneMapping::fixedAxis() const { return axesOf(plane).fixed; }

PlaneMapping planeMapping(const VolumeGeometry& g, SlicePlane plane) {
  const PlaneAxes& a = axesOf(plane);
  PlaneMapping m;
  m.plane = plane;
  m.uAxis = a.u;
  m.vAxis = a.v;
  if (plane != SlicePlane::kXY) {
    if (!g.inPatientSpace) {
      m.flipV = true;  // the slice axis upwards, as a head-first stack reads
    } else {
      // The in-plane axis closer to the reading "right" runs along the
      // columns; each axis is flipped to point the reading way.
      const Reading r = readingOf(dominantAxis(direction(g, a.fixed)));
      if (std::abs(dot(direction(g, a.v), r.right)) > std::abs(dot(direction(g, a.u), r.right)))
        std::swap(m.uAxis, m.vAxis);
      m.flipU = dot(direction(g, m.uAxis), r.right) < 0;
      m.flipV = dot(direction(g, m.vAxis), r.down) < 0;
    }
  }
  m.width = extent(g, m.uAxis);
  m.height = extent(g, m.vAxis);
  m.pixelWidthMm = g.spacing[m.uAxis];
  m.pixelHeightMm = g.spacing[m.vAxis];
  return m;
}

Voxel PlaneMapping::voxel(std::int64_t u, std::int64_t v, std::int64_t index) const {
  Voxel out{};
  out[uAxis] = flipU ? static_cast<std::int64_t>(width) - 1 - u : u;
  out[vAxis] = flipV ? static_cast<std::int64_t>(height) - 1 - v : v;
  out[fixedAxis()] = index;
  return out;
}

std::array<std::int64_t, 2> PlaneMapping::planePixel(const Voxel& p) const {
  return {flipU ? static_cast<std::int64_t>(width) - 1 - p[uAxis] : p[uAxis],
          flipV ? static_cast<std::int64_t>(height) - 1 - p[vAxis] : p[vAxis]};
}

std::string_view planeName(const VolumeGeometry& g, SlicePlane plane) {
  if (!g.inPatientSpace) return plane == SlicePlane::kXY ? "Slice" : plane == SlicePlane::kXZ ? "Rows" : "Columns";
  const Vec3& n = direction(g, axesOf(plane).fixed);
  const int axis = dominantAxis(n);
  const double length = std::sqrt(dot(n, n));
  const bool oblique = length > 0 && std::abs(n[static_cast<std::size_t>(axis)]) / length < kObliqueCosine;
  switch (axis) {
    case 0: return oblique ? "Oblique sagittal" : "Sagittal";
    case 1: return oblique ? "Oblique coronal" : "Coronal";
    default: return oblique ? "Oblique axial" : "Axial";
  }
}

std::array<Vec3, 2> planeScreenAxes(const VolumeGeometry& g, SlicePlane plane) {
  const PlaneMapping m = planeMapping(g, plane);
  const Vec3& right = direction(g, m.uAxis);
  const Vec3& down = direction(g, m.vAxis);
  return {m.flipU ? scaled(right, -1) : right, m.flipV ? scaled(down, -1) : down};
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
    float* dst = out.values.data() + std::size_t{v} * m.width;
    for (std::uint32_t u = 0; u < m.width; ++u) {
      const Voxel p = m.voxel(u, v, index);
      dst[u] = vol.slices[static_cast<std::size_t>(p[2])][static_cast<std::size_t>(p[1]) * g.width + static_cast<std::size_t>(p[0])];
    }
  }
  return out;
}

}  // namespace limn::imaging
