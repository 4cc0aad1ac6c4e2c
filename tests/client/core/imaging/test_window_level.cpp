#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <memory>
#include <vector>

#include "client/core/imaging/window_level.h"
#include "client/core/imaging/window_presets.h"

using namespace limn;
using namespace limn::imaging;

TEST_CASE("the file's own window wins") {
  dicom::DicomImage img;
  img.display.windows = {{40, 400, ""}, {-600, 1500, "LUNG"}};
  const std::vector<float> values{0, 4095};
  Window w = defaultWindow(img.display, values, modalityLut(img));
  CHECK(w.center == 40);
  CHECK(w.width == 400);
}

TEST_CASE("without a window, the histogram decides, in modality units") {
  dicom::DicomImage img;
  img.display.rescaleSlope = 2;
  img.display.rescaleIntercept = -1024;
  std::vector<float> values;
  for (int i = 0; i <= 1000; ++i) values.push_back(static_cast<float>(i));
  Window w = defaultWindow(img.display, values, modalityLut(img));
  // 1st..99.5th percentile of 0..1000 is about 10..995, i.e. -1004..966 HU.
  CHECK(w.center - w.width / 2 == Approx(-1004).margin(4));
  CHECK(w.center + w.width / 2 == Approx(966).margin(4));
  CHECK(modalityLut(img).apply(512) == Approx(0));
}

TEST_CASE("a background peak and rare outliers do not stretch the auto window") {
  std::vector<float> values(60000, 0.0f);             // air around the head
  for (int i = 0; i < 40000; ++i) values.push_back(static_cast<float>(200 + i % 400));  // tissue 200..599
  values.push_back(30000);                            // one hot pixel
  Window w = histogramWindow(values, {});
  CHECK(w.center - w.width / 2 == Approx(200).margin(12));
  CHECK(w.center + w.width / 2 == Approx(600).margin(12));
}

TEST_CASE("infinite and NaN values (rescaled past float's range) are left out of the auto window") {
  std::vector<float> values;
  for (int i = 0; i < 1000; ++i) values.push_back(static_cast<float>(i));
  values.push_back(INFINITY);
  values.push_back(NAN);
  values.push_back(-INFINITY);
  const Window w = histogramWindow(values, {});
  // As for the finite values alone.
  const Window finite = histogramWindow(std::span<const float>(values.data(), 1000), {});
  CHECK(w.center == finite.center);
  CHECK(w.width == finite.width);
  CHECK(w.center - w.width / 2 == Approx(10).margin(2));
  CHECK(histogramWindow(std::vector<float>{NAN, INFINITY}, {}).width == Window{}.width);
}

TEST_CASE("a zero slope is ignored, a uniform image still gets width 1") {
  dicom::DicomImage img;
  img.display.rescaleSlope = 0;
  CHECK(modalityLut(img).slope == 1);
  const std::vector<float> values(16, 7.0f);
  CHECK(defaultWindow(img.display, values, modalityLut(img)).width == 1);
}

TEST_CASE("CT presets include lung and bone") {
  auto presets = ctWindowPresets();
  REQUIRE(presets.size() == 5);
  CHECK(presets[0].name == "Lung");
  CHECK(presets[0].window.center == -600);
}

TEST_CASE("a two-level mask gets a window that shows 0 black and 1 white") {
  const std::vector<float> mask{0, 1, 1, 0, 0, 0, 1, 0};
  Window w = histogramWindow(mask, {});
  // DICOM linear VOI: y = ((x - (c - 0.5)) / (w - 1) + 0.5), clamped.
  const auto y = [&](double x) { return std::clamp((x - (w.center - 0.5)) / (w.width - 1) + 0.5, 0.0, 1.0); };
  CHECK(y(0) == 0);
  CHECK(y(1) == 1);
}

TEST_CASE("VOI LUT functions map the window as PS3.3 C.11.2.1.2-3 says") {
  const Window linear{40, 400};
  CHECK(applyWindow(linear, 40 - 0.5 - 399.0 / 2) == Approx(0.0));
  CHECK(applyWindow(linear, 40 - 0.5 + 399.0 / 2) == Approx(1.0));
  const Window exact{40, 400, VoiFunction::kLinearExact};
  CHECK(applyWindow(exact, 40 - 200) == Approx(0.0));
  CHECK(applyWindow(exact, 40) == Approx(0.5));
  CHECK(applyWindow(exact, 40 + 100) == Approx(0.75));
  const Window sigmoid{40, 400, VoiFunction::kSigmoid};
  CHECK(applyWindow(sigmoid, 40) == Approx(0.5));
  CHECK(applyWindow(sigmoid, 40 + 200) == Approx(1.0 / (1.0 + std::exp(-2.0))));  // 0.881, not saturated
  CHECK(applyWindow(sigmoid, 40 - 200) == Approx(1.0 / (1.0 + std::exp(2.0))));
}

TEST_CASE("the file's VOI LUT Function comes with its window") {
  dicom::DisplayAttributes d;
  d.windows = {{2000, 1000, ""}};
  d.voiFunction = "SIGMOID";
  const std::vector<float> values{0, 4095};
  CHECK(defaultWindow(d, values, {}).function == VoiFunction::kSigmoid);
  d.voiFunction = "LINEAR_EXACT";
  CHECK(defaultWindow(d, values, {}).function == VoiFunction::kLinearExact);
  d.voiFunction = "";
  CHECK(defaultWindow(d, values, {}).function == VoiFunction::kLinear);
  CHECK(voiFunctionNamed("SOMETHING_ELSE") == VoiFunction::kLinear);
}

namespace {

dicom::VoiTable rampTable() {
  dicom::VoiTable t;
  t.firstMapped = 110;
  t.bitsPerEntry = 16;
  for (int i = 0; i < 256; ++i) t.entries.push_back(static_cast<std::uint16_t>(257 * i));
  t.explanation = "NORMAL";
  return t;
}

}  // namespace

TEST_CASE("a VOI LUT table maps modality values through its entries, clamped at both ends") {
  Window w;
  w.function = VoiFunction::kTable;
  w.table = std::make_shared<const dicom::VoiTable>(rampTable());
  CHECK(applyWindow(w, -5000) == 0);
  CHECK(applyWindow(w, 110) == 0);
  CHECK(applyWindow(w, 111) == Approx(257.0 / 65535));
  CHECK(applyWindow(w, 160) == Approx(50.0 / 255));
  CHECK(applyWindow(w, 160.4) == Approx(50.0 / 255));  // modality values are rounded to an entry
  CHECK(applyWindow(w, 365) == 1);
  CHECK(applyWindow(w, 1e9) == 1);
  dicom::VoiTable eight;
  eight.firstMapped = -100;
  eight.bitsPerEntry = 8;
  eight.entries = {0, 85, 170, 255};
  w.table = std::make_shared<const dicom::VoiTable>(eight);
  CHECK(applyWindow(w, -99) == Approx(85.0 / 255));
  CHECK(applyWindow(w, 50) == 1);
}

TEST_CASE("the file's views: tables first, then windows, each named; a table is preferred") {
  dicom::DisplayAttributes d;
  d.windows = {{2058, 4096, "FULL"}, {100, 50, ""}};
  d.voiTables = {rampTable()};
  d.voiTables.push_back(rampTable());
  d.voiTables.back().explanation.clear();
  const auto own = fileWindows(d);
  REQUIRE(own.size() == 4);
  CHECK(own[0].function == VoiFunction::kTable);
  CHECK(own[0].label == "NORMAL");
  CHECK(own[1].label == "VOI LUT 2");
  CHECK(own[2].label == "FULL");
  CHECK(own[2].function == VoiFunction::kLinear);
  CHECK(own[3].label == "window 2");
  const std::vector<float> values{0, 4095};
  CHECK(defaultWindow(d, values, {}).label == "NORMAL");
  CHECK(showsFileView(own[2], own[2]));
  CHECK_FALSE(showsFileView(own[2], own[3]));
  CHECK_FALSE(showsFileView(draggedWindow(own[2], 5, 0), own[2]));  // dragged: no longer the file's
}

TEST_CASE("dragging from a table starts from the linear window over its ramp") {
  dicom::VoiTable t;
  t.firstMapped = 0;
  t.bitsPerEntry = 8;
  t.entries = {0, 0, 0, 0, 10, 100, 200, 255, 255, 255};  // climbs over inputs 3..7
  dicom::DisplayAttributes d;
  d.voiTables = {t};
  const Window table = fileWindows(d).front();
  const Window dragged = draggedWindow(table, 0, 0);
  CHECK(dragged.function == VoiFunction::kLinear);
  CHECK_FALSE(dragged.table);
  CHECK(dragged.label.empty());
  CHECK(applyWindow(dragged, 3) == 0);
  CHECK(applyWindow(dragged, 7) == 1);
  const Window wider = draggedWindow(dragged, 10, -2);
  CHECK(wider.width == dragged.width + 10);
  CHECK(wider.center == dragged.center - 2);
  CHECK(draggedWindow(Window{40, 5, VoiFunction::kSigmoid}, -100, 0).width == 1);
  CHECK(draggedWindow(Window{40, 5, VoiFunction::kSigmoid}, 0, 0).function == VoiFunction::kSigmoid);
}
