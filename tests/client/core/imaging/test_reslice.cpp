#include <catch2/catch.hpp>

#include <cmath>
#include <string_view>

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

namespace {

Volume withOrientation(const Vec3& row, const Vec3& column) {
  Volume v = makeVolume();
  v.geometry.rowDirection = row;
  v.geometry.columnDirection = column;
  v.geometry.normal = {row[1] * column[2] - row[2] * column[1], row[2] * column[0] - row[0] * column[2],
                       row[0] * column[1] - row[1] * column[0]};
  return v;
}

void checkReading(const Volume& v, SlicePlane plane, std::string_view name, const Vec3& right, const Vec3& down) {
  INFO(name);
  CHECK(planeName(v.geometry, plane) == name);
  const auto axes = planeScreenAxes(v.geometry, plane);
  for (int i = 0; i < 3; ++i) {
    CHECK(axes[0][i] == Approx(right[i]));
    CHECK(axes[1][i] == Approx(down[i]));
  }
  // The plane image holds the voxels its mapping names, every pixel.
  const PlaneMapping m = planeMapping(v.geometry, plane);
  const FrameValues f = extractPlane(v, plane, 1);
  REQUIRE(f.width == m.width);
  REQUIRE(f.height == m.height);
  for (std::int64_t row = 0; row < m.height; ++row)
    for (std::int64_t col = 0; col < m.width; ++col) {
      const Voxel p = m.voxel(col, row, 1);
      CHECK(m.planePixel(p) == std::array<std::int64_t, 2>{col, row});
      CHECK(f.values[static_cast<std::size_t>(row * m.width + col)] ==
            v.value(static_cast<std::uint32_t>(p[0]), static_cast<std::uint32_t>(p[1]), static_cast<std::uint32_t>(p[2])));
    }
}

}  // namespace

TEST_CASE("reformatted planes of any acquisition read as radiologists read them") {
  // Patient directions (LPS) of the screen's right and down in each view:
  // axial L right, P down; coronal L right, head up; sagittal P right, head up.
  const Vec3 left{1, 0, 0}, posterior{0, 1, 0}, feet{0, 0, -1};
  // An axial series (head first).
  const Volume axial = withOrientation({1, 0, 0}, {0, 1, 0});
  checkReading(axial, SlicePlane::kXZ, "Coronal", left, feet);
  checkReading(axial, SlicePlane::kYZ, "Sagittal", posterior, feet);
  // A sagittal series: rows run posterior, columns to the feet, slices to the right.
  const Volume sagittal = withOrientation({0, 1, 0}, {0, 0, -1});
  checkReading(sagittal, SlicePlane::kXY, "Sagittal", posterior, feet);
  checkReading(sagittal, SlicePlane::kXZ, "Axial", left, posterior);
  checkReading(sagittal, SlicePlane::kYZ, "Coronal", left, feet);
  // A coronal series: rows run left, columns to the feet, slices anterior.
  const Volume coronal = withOrientation({1, 0, 0}, {0, 0, -1});
  checkReading(coronal, SlicePlane::kXY, "Coronal", left, feet);
  checkReading(coronal, SlicePlane::kXZ, "Axial", left, posterior);
  checkReading(coronal, SlicePlane::kYZ, "Sagittal", posterior, feet);
  // An axial series stored feet first and mirrored (rows run to the right).
  const Volume mirrored = withOrientation({-1, 0, 0}, {0, 1, 0});
  checkReading(mirrored, SlicePlane::kXZ, "Coronal", left, feet);
  checkReading(mirrored, SlicePlane::kYZ, "Sagittal", posterior, feet);
}

TEST_CASE("a plane tilted from the patient axes is named oblique, a nearly straight one is not") {
  // Rows along L; columns tilted 20 degrees from P towards the head (an
  // axial acquisition along the AC-PC line).
  const double c = std::cos(20 * 3.14159265358979 / 180), s = std::sin(20 * 3.14159265358979 / 180);
  const Volume tilted = withOrientation({1, 0, 0}, {0, c, -s});
  CHECK(planeName(tilted.geometry, SlicePlane::kXY) == "Oblique axial");
  CHECK(planeName(tilted.geometry, SlicePlane::kXZ) == "Oblique coronal");
  CHECK(planeName(tilted.geometry, SlicePlane::kYZ) == "Sagittal");  // the tilt lies in this plane
  // Half a degree (a gantry tilt rounding, a scanner's float noise): as acquired.
  const double c2 = std::cos(0.5 * 3.14159265358979 / 180), s2 = std::sin(0.5 * 3.14159265358979 / 180);
  const Volume straight = withOrientation({1, 0, 0}, {0, c2, -s2});
  CHECK(planeName(straight.geometry, SlicePlane::kXY) == "Axial");
  CHECK(planeName(straight.geometry, SlicePlane::kXZ) == "Coronal");
}
