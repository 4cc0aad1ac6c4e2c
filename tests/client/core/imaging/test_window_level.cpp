#include <catch2/catch.hpp>

#include "client/core/imaging/window_level.h"
#include "client/core/imaging/window_presets.h"

using namespace limn;
using namespace limn::imaging;

TEST_CASE("the file's own window wins") {
  dicom::DicomImage img;
  img.display.windowCenter = 40;
  img.display.windowWidth = 400;
  Window w = defaultWindow(img, {0, 4095});
  CHECK(w.center == 40);
  CHECK(w.width == 400);
}

TEST_CASE("without a window, the modality range is used") {
  dicom::DicomImage img;
  img.display.rescaleSlope = 2;
  img.display.rescaleIntercept = -1024;
  Window w = defaultWindow(img, {0, 1000});
  CHECK(w.center == Approx(-24));  // (-1024 + 976) / 2
  CHECK(w.width == Approx(2000));
  CHECK(modalityLut(img).apply(512) == Approx(0));
}

TEST_CASE("a zero slope is ignored, a uniform image still gets width 1") {
  dicom::DicomImage img;
  img.display.rescaleSlope = 0;
  CHECK(modalityLut(img).slope == 1);
  CHECK(defaultWindow(img, {7, 7}).width == 1);
}

TEST_CASE("CT presets include lung and bone") {
  auto presets = ctWindowPresets();
  REQUIRE(presets.size() == 5);
  CHECK(presets[0].name == "Lung");
  CHECK(presets[0].window.center == -600);
}
