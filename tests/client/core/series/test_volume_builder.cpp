#include <catch2/catch.hpp>

#include <cstring>
#include <string>
#include <vector>

#include "client/core/dicom/dicom_decoder.h"
#include "client/core/dicom/image_header_json.h"
#include "client/core/series/series_plan.h"
#include "client/core/series/volume_builder.h"

using namespace limn;
using namespace limn::series;

namespace {

// A 3x2 16-bit signed slice whose pixel i holds base + i.
dicom::DicomImage slice(double z, std::int16_t base, double slope = 1, double intercept = -1024) {
  dicom::DicomImage img;
  img.hasPixelData = true;
  img.layout.rows = 2;
  img.layout.columns = 3;
  img.layout.bitsAllocated = 16;
  img.layout.bitsStored = 16;
  img.layout.isSigned = true;
  img.layout.photometric = "MONOCHROME2";
  img.instance.studyUid = "1";
  img.instance.seriesUid = "2";
  img.instance.imagePosition = std::array<double, 3>{0, 0, z};
  img.instance.imageOrientation = std::array<double, 6>{1, 0, 0, 0, 1, 0};
  img.display.rescaleSlope = slope;
  img.display.rescaleIntercept = intercept;
  for (std::int16_t i = 0; i < 6; ++i) {
    const std::int16_t v = static_cast<std::int16_t>(base + i);
    std::uint8_t b[2];
    std::memcpy(b, &v, 2);
    img.pixels.insert(img.pixels.end(), b, b + 2);
  }
  return img;
}

}  // namespace

TEST_CASE("a planned series becomes a volume in slice order with exact values") {
  std::vector<dicom::DicomImage> images{slice(2, 200), slice(0, 0), slice(1, 100)};
  auto plans = planSeries(images);
  REQUIRE(plans.size() == 1);
  auto v = buildVolume(plans[0], images);
  REQUIRE(v.ok());
  CHECK(v->geometry.depth == 3);
  CHECK(v->value(0, 0, 0) == 0);
  CHECK(v->value(2, 1, 2) == 205);
  CHECK(v->modalityValue(1, 0, 1) == Approx(101 - 1024));
  CHECK_FALSE(v->valuesAreModality);
  CHECK(v->range.min == 0);
  CHECK(v->range.max == 205);
}

TEST_CASE("slices with different rescale carry modality values and still read back stored values") {
  std::vector<dicom::DicomImage> images{slice(0, 10, 1, 0), slice(1, 10, 2, 5)};
  auto plans = planSeries(images);
  REQUIRE(plans.size() == 1);
  auto v = buildVolume(plans[0], images);
  REQUIRE(v.ok());
  CHECK(v->valuesAreModality);
  CHECK(v->modalityValue(0, 0, 1) == Approx(25));
  CHECK(v->storedValue(0, 0, 1) == Approx(10));
  CHECK(v->range.max == Approx(15 * 2 + 5));
}

TEST_CASE("short pixel data is an error, not garbage") {
  std::vector<dicom::DicomImage> images{slice(0, 0), slice(1, 0)};
  images[1].pixels.resize(4);
  auto plans = planSeries(images);
  REQUIRE(plans.size() == 1);
  auto v = buildVolume(plans[0], images);
  REQUIRE_FALSE(v.ok());
  CHECK(v.error().code == ErrorCode::kDecodeFailed);
}

TEST_CASE("readout positions come from each slice's own file, also after a gap") {
  // z = 0, 1.25, 2.5, then a gap to 10: origin + z * spacing would put the
  // last slice at 3.75.
  std::vector<dicom::DicomImage> images{slice(0, 0), slice(1.25, 0), slice(2.5, 0), slice(10, 0)};
  for (auto& img : images) img.display.pixelSpacingRow = img.display.pixelSpacingColumn = 0.5;
  auto plans = planSeries(images);
  REQUIRE(plans.size() == 1);
  auto v = buildVolume(plans[0], images);
  REQUIRE(v.ok());
  const imaging::Vec3 last = v->patientPosition(2, 1, 3);
  CHECK(last[0] == Approx(1.0));
  CHECK(last[1] == Approx(0.5));
  CHECK(last[2] == Approx(10.0));
  CHECK(v->patientPosition(0, 0, 1)[2] == Approx(1.25));
}

// An enhanced object whose frames each have their own rescale
// (tests/client/core/dicom/data/make_enhanced_files.py): every frame's
// modality values are its own, also after the trip through the header JSON
// the decode workers send.
TEST_CASE("an enhanced object's per-frame rescale gives each frame its own modality values") {
  auto r = dicom::decodeDicomFile(std::string(LIMN_TEST_DATA) + "/client/core/dicom/data/enhanced_ct_per_frame_rescale.dcm");
  REQUIRE(r.ok());
  REQUIRE(r->frameRescale.size() == 4);
  CHECK(r->frameRescale[1].slope == 2);
  auto header = dicom::imageHeaderFromJson(dicom::imageHeaderToJson(*r));
  REQUIRE(header.ok());
  REQUIRE(header->frameRescale.size() == 4);
  CHECK(header->frameRescale[2].intercept == -1000);
  auto plans = planSeries(std::vector<dicom::DicomImage>{*r});
  REQUIRE(plans.size() == 1);
  auto volume = buildVolume(plans[0], std::vector<dicom::DicomImage>{*r});
  REQUIRE(volume.ok());
  REQUIRE(volume->slices.size() == 4);
  // Stored 1024 everywhere: 0, 1024, 24 and 512 in the four frames.
  const double want[] = {0, 1024, 24, 512};
  for (std::uint32_t z = 0; z < 4; ++z) CHECK(volume->modalityValue(1, 2, z) == Approx(want[z]));
  // The same file's uniform sibling keeps one rescale for all.
  auto uniform = dicom::decodeDicomFile(std::string(LIMN_TEST_DATA) + "/client/core/dicom/data/enhanced_ct_uniform.dcm");
  REQUIRE(uniform.ok());
  CHECK(uniform->frameRescale.empty());
}
