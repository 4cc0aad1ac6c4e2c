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
  CHECK(back->display.windowCenter == r->display.windowCenter);
  CHECK(back->instance.seriesUid == r->instance.seriesUid);
  REQUIRE(back->instance.imagePosition);
  CHECK(*back->instance.imagePosition == *r->instance.imagePosition);
  CHECK(back->instance.instanceNumber == r->instance.instanceNumber);
  CHECK(back->instance.frameSpacing == r->instance.frameSpacing);
}

TEST_CASE("a PALETTE COLOR image's palette travels with its header") {
  auto r = decodeDicomFile(std::string(LIMN_TEST_DATA) + "/client/core/dicom/data/palette_8bit.dcm");
  REQUIRE(r.ok());
  REQUIRE(r->paletteRgb.size() == 256 * 3);
  auto back = imageHeaderFromJson(imageHeaderToJson(*r));
  REQUIRE(back.ok());
  CHECK(back->paletteRgb == r->paletteRgb);
}

TEST_CASE("malformed headers are errors") {
  CHECK(imageHeaderFromJson("{").error().code == ErrorCode::kInvalidArgument);
  CHECK(imageHeaderFromJson("{\"modality\": 3}").error().code == ErrorCode::kInvalidArgument);
  CHECK_FALSE(imageHeaderFromJson("[]").ok());
}
