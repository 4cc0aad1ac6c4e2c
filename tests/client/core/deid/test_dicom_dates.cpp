#include <catch2/catch.hpp>

#include "client/core/deid/dicom_dates.h"
#include "client/core/deid/zip3.h"

using namespace limn::deid;

TEST_CASE("Dates shift back across month, year and leap day") {
  CHECK(shiftDateValue("20190304", 10, false) == "20190222");
  CHECK(shiftDateValue("20200301", 1, false) == "20200229");
  CHECK(shiftDateValue("20190101 ", 1, false) == "20181231");
  CHECK(shiftDateValue("20190304\\20190305", 4, false) == "20190228\\20190301");
  CHECK(shiftDateValue("20190304101500.25+0100", 3, true) == "20190301101500.25+0100");
  CHECK(shiftDateValue("2019", 400, true) == "2017");
  CHECK(shiftDateValue("notadate", 3, false).empty());
  CHECK(shiftDateValue("20191345", 3, false).empty());
}

TEST_CASE("Safe Harbor keeps only the year") {
  CHECK(yearOnlyDateValue("20190304", false) == "20190101");
  CHECK(yearOnlyDateValue("20190304101500", true) == "2019");
  CHECK(yearOnlyDateValue("20190304\\20200101", false) == "20190101\\20200101");
  CHECK(yearOf("20190304") == 2019);
  CHECK(yearOf("") == 0);
}

TEST_CASE("ZIP codes reduce to three digits, restricted areas to 000") {
  CHECK(zip3FromAddress("742 Evergreen Terrace, Eugene, OR 97403") == "974");
  CHECK(zip3FromAddress("1 Main St^Hanover^NH^03650-1234") == "000");
  CHECK(zip3FromAddress("12 Rue de la Paix, Paris") == "");
  CHECK(zip3FromAddress("Apt 123456, Somewhere") == "");
}
