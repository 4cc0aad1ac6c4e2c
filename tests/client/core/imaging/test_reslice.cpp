#include <catch2/catch.hpp>

#include "client/core/imaging/reslice.h"

using namespace limn::imaging;

namespace {

// 4 columns x 3 rows x 2 slices; value = 100 z + 10 y + x.
Volume makeVolume() {
  Volume v;
  v.geometry.width = 4;
  v.geometry.height = 3;
  v.geometry.depth = 2;
  v.geometry.spacing = {0.5, 0.6, 2.0};
  v.geometry.inPatientSpace = true;
  for (int z = 0; z < 2; ++z) {
    std::vector<float> s;
    for (int y = 0; y < 3; ++y)
      for (int x = 0; x < 4; ++x) s.push_back(static_cast<float>(100 * z + 10 * y + x));
    v.slices.push_back(s);
  }
  v.range = {0, 123};
  return v;
}

}  // namespace

TEST_CASE("the acquired plane is the slice itself") {
  Volume v = makeVolume();
  FrameValues f = extractPlane(v, SlicePlane::kXY, 1);
  CHECK(f.width == 4);
  CHECK(f.height == 3);
  CHECK(f.values[5] == 111);
  CHECK(planeName(v.geometry, SlicePlane::kXY) == "Axial");
  CHECK(planeName(v.geometry, SlicePlane::kXZ) == "Coronal");
  CHECK(planeName(v.geometry, SlicePlane::kYZ) == "Sagittal");
}

TEST_CASE("coronal and sagittal planes put the head at the top") {
  Volume v = makeVolume();
  FrameValues c = extractPlane(v, SlicePlane::kXZ, 2);  // row y = 2
  REQUIRE(c.width == 4);
  REQUIRE(c.height == 2);
  CHECK(c.values[0] == 120);  // top row: last slice (z = 1, most superior)
  CHECK(c.values[4 + 3] == 23);
  FrameValues s = extractPlane(v, SlicePlane::kYZ, 3);  // column x = 3
  REQUIRE(s.width == 3);
  CHECK(s.values[0] == 103);
  CHECK(s.values[3 + 2] == 23);
  const PlaneMapping m = planeMapping(v.geometry, SlicePlane::kYZ);
  CHECK(m.pixelWidthMm == Approx(0.6));
  CHECK(m.pixelHeightMm == Approx(2.0));
}

TEST_CASE("plane mappings round-trip voxels") {
  Volume v = makeVolume();
  for (SlicePlane plane : kAllPlanes) {
    const PlaneMapping m = planeMapping(v.geometry, plane);
    for (std::int64_t u = 0; u < m.width; ++u)
      for (std::int64_t w = 0; w < m.height; ++w) {
        const Voxel p = m.voxel(u, w, 1);
        CHECK(m.planePixel(p) == std::array<std::int64_t, 2>{u, w});
        const FrameValues f = extractPlane(v, plane, 1);
        CHECK(f.values[static_cast<std::size_t>(w * m.width + u)] ==
              v.value(static_cast<std::uint32_t>(p[0]), static_cast<std::uint32_t>(p[1]),
                      static_cast<std::uint32_t>(p[2])));
      }
  }
}
