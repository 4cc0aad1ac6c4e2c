// The VOI LUT module as stored in files written by data/make_voi_files.py
// (which also checks them against pydicom's apply_voi_lut).
#include <catch2/catch.hpp>

#include <string>

#include "client/core/dicom/dicom_decoder.h"
#include "tests/client/core/pydicom_files.h"

using namespace limn;
using namespace limn::dicom;

namespace {

DicomImage decoded(const std::string& name) {
  auto r = decodeDicomFile(test::kOwnDicomFiles + name, DecodePixels::kNo);
  REQUIRE(r.ok());
  return std::move(r).value();
}

}  // namespace

TEST_CASE("every usable window of a file is kept with its explanation, in order") {
  const DicomImage img = decoded("voi_windows.dcm");
  REQUIRE(img.display.windows.size() == 3);  // the fourth pair has width 0
  CHECK(img.display.windows[0].center == 40);
  CHECK(img.display.windows[0].width == 400);
  CHECK(img.display.windows[0].explanation == "SOFT TISSUE");
  CHECK(img.display.windows[1].center == -600);
  CHECK(img.display.windows[1].explanation == "LUNG");
  CHECK(img.display.windows[2].width == 1800);
  CHECK(img.display.windows[2].explanation == "BONE");
  CHECK(img.display.voiTables.empty());
}

TEST_CASE("VOI LUT tables are read with 16-bit (OW) and 8-bit (US) entries") {
  const DicomImage img = decoded("voi_tables.dcm");
  REQUIRE(img.display.voiTables.size() == 2);
  const VoiTable& normal = img.display.voiTables[0];
  CHECK(normal.explanation == "NORMAL");
  CHECK(normal.firstMapped == 110);
  CHECK(normal.bitsPerEntry == 16);
  REQUIRE(normal.entries.size() == 256);
  CHECK(normal.entries[1] == 257);
  CHECK(normal.entries[255] == 65535);
  const VoiTable& hard = img.display.voiTables[1];
  CHECK(hard.explanation == "HARD");
  CHECK(hard.firstMapped == 100);
  CHECK(hard.bitsPerEntry == 8);
  REQUIRE(hard.entries.size() == 16);
  CHECK(hard.entries[0] == 255);
  CHECK(hard.entries[15] == 15);
  REQUIRE(img.display.windows.size() == 1);
  CHECK(img.display.windows[0].explanation == "FULL");
}

TEST_CASE("a signed image's table may start below zero; 8-bit entries packed in words are read") {
  const DicomImage img = decoded("voi_tables_signed.dcm");
  REQUIRE(img.display.voiTables.size() == 1);
  const VoiTable& t = img.display.voiTables[0];
  CHECK(t.firstMapped == -100);
  CHECK(t.bitsPerEntry == 8);
  CHECK(t.entries == std::vector<std::uint16_t>{0, 85, 170, 255});
}
