#include <catch2/catch.hpp>

#include <filesystem>

#include "client/core/dicom/dicom_decoder.h"
#include "client/core/series/loaded_series.h"

using namespace limn;
using namespace limn::series;

TEST_CASE("a folder of mixed files becomes series, colour images and failures") {
  const std::string base = std::string(LIMN_PYDICOM_DATA) + "/test_files/";
  std::vector<std::string> names;
  std::vector<dicom::DicomImage> images;
  for (const auto& e : std::filesystem::directory_iterator(base + "dicomdirtests/98892001/CT5N")) {
    names.push_back(e.path().filename().string());
    images.push_back(dicom::decodeDicomFile(e.path().string()).value());
  }
  names.push_back("SC_rgb_small_odd.dcm");
  images.push_back(dicom::decodeDicomFile(base + "SC_rgb_small_odd.dcm").value());
  dicom::DicomImage broken = images.front();
  broken.instance.seriesUid = "another";
  broken.pixels.resize(3);
  names.push_back("broken.dcm");
  images.push_back(broken);

  LoadResult r = assembleSeries(images, names);
  REQUIRE(r.series.size() == 2);
  REQUIRE(r.failures.size() == 1);
  CHECK(r.failures[0].rfind("broken.dcm: ", 0) == 0);
  const LoadedSeries& ct = r.series[0].volume ? r.series[0] : r.series[1];
  const LoadedSeries& us = r.series[0].volume ? r.series[1] : r.series[0];
  REQUIRE(ct.volume);
  CHECK(ct.volume->geometry.depth == 5);
  CHECK(ct.label.find("CT") == 0);
  REQUIRE(us.colour);
  CHECK(us.colour->frames.size() == 1);
  CHECK(us.colour->frames[0].size() == std::size_t{us.colour->width} * us.colour->height * 4);
}

TEST_CASE("a photograph is a one-frame colour series") {
  LoadedSeries s = photographSeries("mole.jpg", 2, 1, {1, 2, 3, 255, 4, 5, 6, 255});
  REQUIRE(s.colour);
  CHECK(s.colour->frames.front()[4] == 4);
  CHECK(s.plan.modality == "XC");
  CHECK(s.label.find("mole.jpg") != std::string::npos);
}
