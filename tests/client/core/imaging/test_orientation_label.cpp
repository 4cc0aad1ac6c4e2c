#include <catch2/catch.hpp>

#include "client/core/imaging/orientation_label.h"
#include "client/core/imaging/reslice.h"

using namespace limn::imaging;

TEST_CASE("directions read as patient letters, main component first") {
  CHECK(orientationLabel({1, 0, 0}) == "L");
  CHECK(orientationLabel({-1, 0, 0}) == "R");
  CHECK(orientationLabel({0, -1, 0}) == "A");
  CHECK(orientationLabel({0, 0, 1}) == "S");
  CHECK(orientationLabel({0.8, -0.6, 0}) == "LA");
  CHECK(orientationLabel({0.99, 0.1, 0}) == "L");
}

TEST_CASE("an axial volume's planes are labelled as a radiologist expects") {
  VolumeGeometry g;
  g.width = g.height = 10;
  g.depth = 5;
  g.inPatientSpace = true;  // rows +x (to the patient's left), columns +y (posterior), slices +z (head)
  auto axial = planeScreenAxes(g, SlicePlane::kXY);
  CHECK(orientationLabel(axial[0]) == "L");  // right edge of the screen: patient's left
  CHECK(orientationLabel(axial[1]) == "P");  // bottom: posterior
  auto coronal = planeScreenAxes(g, SlicePlane::kXZ);
  CHECK(orientationLabel(coronal[1]) == "I");  // head on top, feet at the bottom
  auto sagittal = planeScreenAxes(g, SlicePlane::kYZ);
  CHECK(orientationLabel(sagittal[0]) == "P");
  CHECK(orientationLabel(sagittal[1]) == "I");
}
