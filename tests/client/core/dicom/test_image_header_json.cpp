#include <catch2/catch.hpp>

#include "client/core/dicom/dicom_decoder.h"
#include "client/core/dicom/image_header_json.h"

using namespace limn;
using namespace limn::dicom;

TEST_CASE("an image header survives the trip to JSON and back") {
  auto r = decodeDicomFile(std::string(LIMN_PYDICOM_DATA) + "/test_files/CT_small.dcm", DecodePixels::kNo);
  REQUIRE(r.ok());
  auto back = imageHeaderFromJson(imageHeaderToJson(*r));
  REQUIRE(back.ok());
  CHECK(back->layout.rows == r->layout.rows);
  CHECK(back->layout.isSigned == r->layout.isSigned);
  CHECK(back->layout.photometric == r->layout.photometric);
  CHECK(back->display.rescaleIntercept == r->display.rescaleIntercept);
  CHECK(back->display.windows.empty());  // CT_small names no window
  CHECK(back->instance.seriesUid == r->instance.seriesUid);
  REQUIRE(back->instance.imagePosition);
  CHECK(*back->instance.imagePosition == *r->instance.imagePosition);
  CHECK(back->instance.instanceNumber == r->instance.instanceNumber);
  CHECK(back->instance.frameSpacing == r->instance.frameSpacing);
  // What splits a series at one position travels too (the browser plans
  // series from these headers).
  CHECK(r->instance.acquisitionNumber == 2);  // CT_small's Acquisition Number
  CHECK(back->instance.acquisitionNumber == r->instance.acquisitionNumber);
  DicomImage mr = *r;
  mr.instance.echoNumber = 2;
  mr.instance.temporalPosition = 7;
  mr.instance.diffusionBValue = 1000.5;
  mr.display.spacingSource = "at the detector";
  auto mrBack = imageHeaderFromJson(imageHeaderToJson(mr));
  REQUIRE(mrBack.ok());
  CHECK(mrBack->instance.echoNumber == 2);
  CHECK(mrBack->instance.temporalPosition == 7);
  CHECK(mrBack->instance.diffusionBValue == 1000.5);
  CHECK(mrBack->display.spacingSource == "at the detector");
}

TEST_CASE("a PALETTE COLOR image's palette travels with its header") {
  auto r = decodeDicomFile(std::string(LIMN_TEST_DATA) + "/client/core/dicom/data/palette_8bit.dcm");
  REQUIRE(r.ok());
  REQUIRE(r->paletteRgb.size() == 256 * 3);
  auto back = imageHeaderFromJson(imageHeaderToJson(*r));
  REQUIRE(back.ok());
  CHECK(back->paletteRgb == r->paletteRgb);
}

TEST_CASE("a file's windows and VOI LUT tables travel with its header") {
  auto r = decodeDicomFile(std::string(LIMN_TEST_DATA) + "/client/core/dicom/data/voi_tables.dcm", DecodePixels::kNo);
  REQUIRE(r.ok());
  REQUIRE(r->display.voiTables.size() == 2);
  auto back = imageHeaderFromJson(imageHeaderToJson(*r));
  REQUIRE(back.ok());
  REQUIRE(back->display.voiTables.size() == 2);
  for (std::size_t i = 0; i < 2; ++i) {
    CHECK(back->display.voiTables[i].firstMapped == r->display.voiTables[i].firstMapped);
    CHECK(back->display.voiTables[i].bitsPerEntry == r->display.voiTables[i].bitsPerEntry);
    CHECK(back->display.voiTables[i].entries == r->display.voiTables[i].entries);
    CHECK(back->display.voiTables[i].explanation == r->display.voiTables[i].explanation);
  }
  REQUIRE(back->display.windows.size() == 1);
  CHECK(back->display.windows[0].explanation == "FULL");
}

TEST_CASE("a header whose VOI table or window is unusable is refused") {
  auto r = decodeDicomFile(std::string(LIMN_TEST_DATA) + "/client/core/dicom/data/voi_tables.dcm", DecodePixels::kNo);
  REQUIRE(r.ok());
  r->display.voiTables[0].entries.clear();
  CHECK_FALSE(imageHeaderFromJson(imageHeaderToJson(*r)).ok());
  r->display.voiTables.clear();
  r->display.windows[0].width = 0;
  CHECK_FALSE(imageHeaderFromJson(imageHeaderToJson(*r)).ok());
}

TEST_CASE("text that is not UTF-8 does not stop a header from travelling") {
  auto r = decodeDicomFile(std::string(LIMN_PYDICOM_DATA) + "/test_files/CT_small.dcm", DecodePixels::kNo);
  REQUIRE(r.ok());
  r->instance.seriesDescription = "Thorax \xe9";  // ISO 8859-1 e acute, as a Latin-1 file stores it
  auto back = imageHeaderFromJson(imageHeaderToJson(*r));
  REQUIRE(back.ok());
  CHECK(back->instance.seriesDescription.rfind("Thorax ", 0) == 0);
}

TEST_CASE("malformed headers are errors") {
  CHECK(imageHeaderFromJson("{").error().code == ErrorCode::kInvalidArgument);
  CHECK(imageHeaderFromJson("{\"modality\": 3}").error().code == ErrorCode::kInvalidArgument);
  CHECK_FALSE(imageHeaderFromJson("[]").ok());
}
