#include <catch2/catch.hpp>

#include <cstring>
#include <filesystem>
#include <unistd.h>

#include "client/core/dicom/dicom_decoder.h"
#include "client/core/dicom/synthetic_series.h"
#include "client/core/series/series_plan.h"

using namespace limn;
using namespace limn::dicom;

TEST_CASE("a synthetic series is written by GDCM and reads back as a regular volume") {
  const auto dir = std::filesystem::temp_directory_path() / ("limn-synth-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  SyntheticSeriesSpec spec;
  spec.columns = 40;
  spec.rows = 32;
  spec.slices = 6;
  spec.spacingMm = {0.5, 0.6, 2.0};
  auto paths = writeSyntheticSeries(spec, dir.string());
  REQUIRE(paths.ok());
  REQUIRE(paths->size() == 6);
  std::vector<DicomImage> images;
  for (const auto& p : *paths) images.push_back(decodeDicomFile(p).value());
  std::filesystem::remove_all(dir);

  const DicomImage& third = images[2];
  CHECK(third.modality == "CT");
  CHECK(third.layout.columns == 40);
  CHECK(third.layout.isSigned);
  CHECK(*third.display.rescaleIntercept == kSyntheticIntercept);
  for (std::uint32_t y : {0u, 15u, 31u})
    for (std::uint32_t x : {0u, 12u, 39u}) {
      std::int16_t v;
      std::memcpy(&v, third.pixels.data() + (std::size_t{y} * 40 + x) * 2, 2);
      CHECK(v == phantomStoredValue(spec, x, y, 2));
    }
  auto plans = series::planSeries(images);
  REQUIRE(plans.size() == 1);
  CHECK(plans[0].regularGrid);
  CHECK(plans[0].geometry.spacing[0] == Approx(0.5));
  CHECK(plans[0].geometry.spacing[1] == Approx(0.6));
  CHECK(plans[0].geometry.spacing[2] == Approx(2.0));
  CHECK(plans[0].instances.front() == 0);  // ascending z, whatever InstanceNumber says
}

TEST_CASE("the phantom has air, soft tissue and bone") {
  SyntheticSeriesSpec spec;
  const auto hu = [&](std::uint32_t x, std::uint32_t y) { return phantomStoredValue(spec, x, y, 150) + kSyntheticIntercept; };
  CHECK(hu(2, 2) < -950);               // corner: air
  CHECK(hu(256, 256) == Approx(40).margin(11));  // centre: body
  CHECK(hu(256, 372) > 650);            // spine
}

TEST_CASE("a synthetic slice can be made in memory and decodes") {
  SyntheticSeriesSpec spec;
  spec.columns = spec.rows = 16;
  spec.slices = 3;
  auto bytes = syntheticSliceBytes(spec, 1);
  REQUIRE(bytes.ok());
  auto img = decodeDicom(*bytes);
  REQUIRE(img.ok());
  CHECK(img->layout.columns == 16);
  std::int16_t v;
  std::memcpy(&v, img->pixels.data(), 2);
  CHECK(v == phantomStoredValue(spec, 0, 0, 1));
  spec.slices = 0;
  CHECK_FALSE(syntheticSliceBytes(spec, 0).ok());
}
