#include <catch2/catch.hpp>

#include "client/core/dicom/dicom_text.h"

using namespace limn::dicom;

TEST_CASE("DS and IS values parse as DICOM writes them, padding allowed") {
  const auto n = parseNumbers(" 0.5\\-12 \\1e-3\\+7\\ ");
  REQUIRE(n.size() == 5);
  CHECK(n[0] == 0.5);
  CHECK(n[1] == -12);
  CHECK(n[2] == Approx(0.001));
  CHECK(n[3] == 7);
  CHECK_FALSE(n[4]);  // an empty value
  CHECK(parseNumbers("").empty());
}

TEST_CASE("what strtod reads but no DS holds is no number") {
  for (const char* text : {"nan", "NaN", "inf", "-Infinity", "0x1p3", "1e999", "2,5", "3 mm", "0.5\\0.5x"}) {
    INFO(text);
    const auto n = parseNumbers(text);
    REQUIRE_FALSE(n.empty());
    CHECK_FALSE(n.back());
  }
}
