#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>

#include "client/core/dicom/dicom_decoder.h"
#include "client/core/series/series_plan.h"

using namespace limn;
using namespace limn::series;

namespace {

const std::string kDirTests = std::string(LIMN_PYDICOM_DATA) + "/test_files/dicomdirtests";

std::vector<dicom::DicomImage> decodeDir(const std::string& dir) {
  std::vector<std::string> paths;
  for (const auto& e : std::filesystem::directory_iterator(dir)) paths.push_back(e.path().string());
  std::sort(paths.begin(), paths.end());
  std::vector<dicom::DicomImage> out;
  for (const auto& p : paths) {
    auto r = dicom::decodeDicomFile(p);
    REQUIRE(r.ok());
    out.push_back(std::move(r).value());
  }
  return out;
}

// A 4x4 CT slice at z along +z (axial), without pixels (planning needs none).
dicom::DicomImage slice(double z, int instanceNumber, std::string series = "1.2.3") {
  dicom::DicomImage img;
  img.hasPixelData = true;
  img.modality = "CT";
  img.layout.rows = 4;
  img.layout.columns = 4;
  img.layout.bitsAllocated = 16;
  img.layout.bitsStored = 16;
  img.layout.photometric = "MONOCHROME2";
  img.instance.studyUid = "9.9";
  img.instance.seriesUid = std::move(series);
  img.instance.instanceNumber = instanceNumber;
  img.instance.imagePosition = std::array<double, 3>{-10, -10, z};
  img.instance.imageOrientation = std::array<double, 6>{1, 0, 0, 0, 1, 0};
  img.display.pixelSpacingRow = 0.5;
  img.display.pixelSpacingColumn = 0.7;
  return img;
}

std::vector<int> instanceNumbers(const SeriesPlan& p, const std::vector<dicom::DicomImage>& images) {
  std::vector<int> out;
  for (std::size_t i : p.instances) out.push_back(images[i].instance.instanceNumber.value_or(-1));
  return out;
}

bool hasIssue(const SeriesPlan& p, IssueKind kind) {
  return std::any_of(p.issues.begin(), p.issues.end(), [&](const Issue& i) { return i.kind == kind; });
}

}  // namespace

TEST_CASE("a real CT series is sorted along the normal into a regular volume") {
  auto images = decodeDir(kDirTests + "/98892001/CT5N");
  std::reverse(images.begin(), images.end());  // input order must not matter
  auto plans = planSeries(images);
  REQUIRE(plans.size() == 1);
  const SeriesPlan& p = plans[0];
  CHECK(p.regularGrid);
  CHECK(p.issues.empty());
  // Positions fall from z = 8.76 (instance 6) to -1.24 (instance 10): ascending z is 10..6.
  CHECK(instanceNumbers(p, images) == std::vector<int>{10, 9, 8, 7, 6});
  CHECK(p.geometry.depth == 5);
  CHECK(p.geometry.spacing[2] == Approx(2.5));
  CHECK(p.geometry.sliceSpacingKnown);
  CHECK(p.geometry.inPatientSpace);
  CHECK(p.geometry.origin[2] == Approx(-1.2375));
  CHECK(p.modality == "CT");
}

TEST_CASE("a real series with missing slices reports the gap") {
  auto images = decodeDir(kDirTests + "/77654033/CT2");
  auto plans = planSeries(images);
  REQUIRE(plans.size() == 1);
  CHECK_FALSE(plans[0].regularGrid);
  REQUIRE(hasIssue(plans[0], IssueKind::kGap));
  CHECK(instanceNumbers(plans[0], images) == std::vector<int>{18, 180, 181, 182});
  CHECK(plans[0].geometry.spacing[2] == Approx(1.25));
  const auto& msg = plans[0].issues.front().message;
  CHECK(msg.find("161 slice(s) missing") != std::string::npos);
  CHECK(msg.find("instance 18 and instance 180") != std::string::npos);
}

TEST_CASE("a localizer with three orientations is split and reported") {
  auto images = decodeDir(kDirTests + "/98892003/MR2");
  auto plans = planSeries(images);
  // Two three-plane localizer series of three images, and one single image.
  REQUIRE(plans.size() == 7);
  std::size_t split = 0;
  for (const auto& p : plans) {
    if (hasIssue(p, IssueKind::kMixedOrientation)) ++split;
    CHECK_FALSE(p.regularGrid);
  }
  CHECK(split == 6);
}

TEST_CASE("irregular steps and duplicate positions are reported, not guessed") {
  std::vector<dicom::DicomImage> images{slice(0, 1), slice(1, 2), slice(2, 3), slice(3.6, 4), slice(4.6, 5)};
  auto plans = planSeries(images);
  REQUIRE(plans.size() == 1);
  CHECK(hasIssue(plans[0], IssueKind::kNonUniformSpacing));
  CHECK_FALSE(hasIssue(plans[0], IssueKind::kGap));
  CHECK_FALSE(plans[0].regularGrid);

  std::vector<dicom::DicomImage> dup{slice(0, 1), slice(1, 2), slice(1, 3), slice(2, 4)};
  plans = planSeries(dup);
  REQUIRE(plans.size() == 1);
  CHECK(hasIssue(plans[0], IssueKind::kDuplicatePosition));
  CHECK(instanceNumbers(plans[0], dup) == std::vector<int>{1, 2, 3, 4});
}

TEST_CASE("sub-micrometre jitter in positions is still a regular grid") {
  std::vector<dicom::DicomImage> images{slice(0, 1), slice(1.2501, 2), slice(2.4999, 3), slice(3.75, 4)};
  auto plans = planSeries(images);
  REQUIRE(plans.size() == 1);
  CHECK(plans[0].regularGrid);
  CHECK(plans[0].geometry.spacing[0] == Approx(0.7));  // between columns
  CHECK(plans[0].geometry.spacing[1] == Approx(0.5));  // between rows
}

TEST_CASE("without positions, InstanceNumber orders the stack and spacing is unknown") {
  std::vector<dicom::DicomImage> images{slice(0, 3), slice(0, 1), slice(0, 2)};
  for (auto& img : images) img.instance.imagePosition.reset();
  auto plans = planSeries(images);
  REQUIRE(plans.size() == 1);
  CHECK(instanceNumbers(plans[0], images) == std::vector<int>{1, 2, 3});
  CHECK(hasIssue(plans[0], IssueKind::kMissingPosition));
  CHECK_FALSE(plans[0].geometry.sliceSpacingKnown);
  CHECK_FALSE(plans[0].regularGrid);
}

TEST_CASE("mixed sizes in one series become separate stacks, each told why") {
  std::vector<dicom::DicomImage> images{slice(0, 1), slice(1, 2), slice(2, 3)};
  images[1].layout.rows = 8;
  auto plans = planSeries(images);
  REQUIRE(plans.size() == 2);
  for (const auto& p : plans) CHECK(hasIssue(p, IssueKind::kMixedSizes));
}

TEST_CASE("series are kept apart, and colour or multi-frame files stand alone") {
  std::vector<dicom::DicomImage> images{slice(0, 1, "a"), slice(0, 1, "b"), slice(1, 2, "a")};
  dicom::DicomImage colour = slice(0, 1, "a");
  colour.layout.samplesPerPixel = 3;
  images.push_back(colour);
  dicom::DicomImage cine = slice(0, 1, "c");
  cine.layout.frames = 10;
  cine.instance.imagePosition.reset();
  images.push_back(cine);
  auto plans = planSeries(images);
  REQUIRE(plans.size() == 4);
  std::size_t seriesA = 0;
  for (const auto& p : plans) {
    if (p.seriesUid == "a" && p.instances.size() == 2) ++seriesA;
    if (p.seriesUid == "c") {
      CHECK(p.geometry.depth == 10);
      CHECK(hasIssue(p, IssueKind::kMissingPosition));
    }
  }
  CHECK(seriesA == 1);
}

TEST_CASE("an RT Dose grid is a volume: frames spaced by GridFrameOffsetVector") {
  auto img = dicom::decodeDicomFile(std::string(LIMN_PYDICOM_DATA) + "/test_files/rtdose.dcm");
  REQUIRE(img.ok());
  REQUIRE(img->layout.frames > 1);
  REQUIRE(img->instance.frameSpacing);
  std::vector<dicom::DicomImage> images{std::move(img).value()};
  auto plans = planSeries(images);
  REQUIRE(plans.size() == 1);
  CHECK(plans[0].regularGrid);
  CHECK(plans[0].geometry.depth == images[0].layout.frames);
  CHECK(plans[0].geometry.spacing[2] == Approx(std::abs(*images[0].instance.frameSpacing)));
  CHECK(plans[0].issues.empty());
}

// Enhanced CT files from tests/client/core/dicom/data/make_enhanced_files.py:
// all geometry and display attributes only in the functional groups.
namespace {
dicom::DicomImage enhanced(const std::string& name) {
  auto r = dicom::decodeDicomFile(std::string(LIMN_TEST_DATA) + "/client/core/dicom/data/" + name);
  REQUIRE(r.ok());
  return std::move(r).value();
}
}  // namespace

TEST_CASE("an enhanced CT takes rescale, window and pixel spacing from its functional groups") {
  const auto img = enhanced("enhanced_ct_uniform.dcm");
  REQUIRE(img.display.rescaleIntercept);
  CHECK(*img.display.rescaleIntercept == -1024);
  REQUIRE(img.display.rescaleSlope);
  CHECK(*img.display.rescaleSlope == 1);
  REQUIRE(img.display.windows.size() == 1);
  CHECK(img.display.windows[0].center == 40);
  CHECK(img.display.windows[0].width == 400);
  REQUIRE(img.display.pixelSpacingRow);
  CHECK(*img.display.pixelSpacingRow == Approx(0.5));
  CHECK(*img.display.pixelSpacingColumn == Approx(0.7));
  auto plans = planSeries(std::vector{img});
  REQUIRE(plans.size() == 1);
  CHECK(plans[0].regularGrid);
  CHECK(plans[0].issues.empty());
  CHECK(plans[0].geometry.spacing[0] == Approx(0.7));
  CHECK(plans[0].geometry.spacing[1] == Approx(0.5));
  CHECK(plans[0].geometry.spacing[2] == Approx(2.0));
}

TEST_CASE("an enhanced CT with uneven or repeated frame positions is a stack with the reason, not a guessed grid") {
  for (const auto& [file, kind] : {std::pair{"enhanced_ct_irregular.dcm", IssueKind::kNonUniformSpacing},
                                   std::pair{"enhanced_ct_same_position.dcm", IssueKind::kDuplicatePosition}}) {
    INFO(file);
    const auto img = enhanced(file);
    CHECK_FALSE(img.instance.frameSpacing);
    auto plans = planSeries(std::vector{img});
    REQUIRE(plans.size() == 1);
    CHECK_FALSE(plans[0].regularGrid);
    CHECK_FALSE(plans[0].geometry.sliceSpacingKnown);
    REQUIRE(plans[0].issues.size() == 1);
    CHECK(plans[0].issues[0].kind == kind);
  }
}

TEST_CASE("a tilted-gantry stack (slices shifted within their plane) is reported, not called a regular grid") {
  // Rows tilted 20 degrees about x; each slice 2.5 mm further along z only.
  const double c = std::cos(20 * M_PI / 180), s = std::sin(20 * M_PI / 180);
  std::vector<dicom::DicomImage> images;
  for (int k = 0; k < 5; ++k) {
    images.push_back(slice(2.5 * k, k + 1));
    images.back().instance.imageOrientation = std::array<double, 6>{1, 0, 0, 0, c, -s};
  }
  auto plans = planSeries(images);
  REQUIRE(plans.size() == 1);
  CHECK_FALSE(plans[0].regularGrid);
  CHECK(hasIssue(plans[0], IssueKind::kSheared));
}

TEST_CASE("slices with different pixel spacing are reported") {
  std::vector<dicom::DicomImage> images{slice(0, 1), slice(1.25, 2), slice(2.5, 3)};
  images[2].display.pixelSpacingRow = 0.6;
  auto plans = planSeries(images);
  REQUIRE(plans.size() == 1);
  CHECK_FALSE(plans[0].regularGrid);
  CHECK(hasIssue(plans[0], IssueKind::kMixedPixelSpacing));
}

TEST_CASE("a localizer sharing the series keeps the main stack a regular grid (MPR stays)") {
  std::vector<dicom::DicomImage> images;
  for (int i = 0; i < 6; ++i) images.push_back(slice(1.5 * i, i + 2));
  dicom::DicomImage scout = slice(0, 1);
  scout.instance.imageOrientation = std::array<double, 6>{0, 1, 0, 0, 0, -1};  // sagittal
  images.push_back(scout);
  auto plans = planSeries(images);
  REQUIRE(plans.size() == 2);
  const SeriesPlan& stack = plans[0].instances.size() == 6 ? plans[0] : plans[1];
  REQUIRE(stack.instances.size() == 6);
  CHECK(hasIssue(stack, IssueKind::kMixedOrientation));  // the split is still said
  CHECK(stack.regularGrid);
  CHECK(stack.geometry.spacing[2] == Approx(1.5));
}

TEST_CASE("a file repeating an instance is left out and counted; one with other pixels stays") {
  std::vector<dicom::DicomImage> images;
  for (int k = 0; k < 4; ++k) {
    images.push_back(slice(k, k + 1));
    images.back().instance.sopInstanceUid = "1.2.3.4.";
    images.back().instance.sopInstanceUid += std::to_string(k);
    images.back().pixels.assign(32, static_cast<std::uint8_t>(k));
  }
  images.push_back(images[2]);  // an export folder holding a copy of one file
  auto plans = planSeries(images);
  REQUIRE(plans.size() == 1);
  CHECK(plans[0].instances == std::vector<std::size_t>{0, 1, 2, 3});
  CHECK(plans[0].regularGrid);  // the volume stays whole: MPR, measurements across slices
  REQUIRE(hasIssue(plans[0], IssueKind::kCopiesLeftOut));
  CHECK_THAT(plans[0].issues.back().message, Catch::StartsWith("1 file(s) repeat images already given"));
  // Same UID, other pixels: not a copy. Both stay, and the clash is reported.
  images.back().pixels.assign(32, 99);
  plans = planSeries(images);
  REQUIRE(plans.size() == 1);
  CHECK(plans[0].instances.size() == 5);
  CHECK(hasIssue(plans[0], IssueKind::kDuplicatePosition));
  CHECK_FALSE(hasIssue(plans[0], IssueKind::kCopiesLeftOut));
  CHECK_FALSE(plans[0].regularGrid);
}

TEST_CASE("echoes or b-values at the same positions become one stack each, each a regular grid") {
  std::vector<dicom::DicomImage> images;
  for (int echo = 2; echo >= 1; --echo)  // interleaved in the file order, second echo first
    for (int k = 0; k < 4; ++k) {
      images.push_back(slice(k * 2.0, echo * 10 + k));
      images.back().instance.echoNumber = echo;
    }
  auto plans = planSeries(images);
  REQUIRE(plans.size() == 2);
  CHECK(plans[0].part == "echo 1");
  CHECK(plans[1].part == "echo 2");
  for (const SeriesPlan& p : plans) {
    CHECK(p.regularGrid);  // MPR for each echo
    CHECK(p.instances.size() == 4);
    CHECK(p.geometry.spacing[2] == Approx(2.0));
    REQUIRE(hasIssue(p, IssueKind::kSplitByAcquisition));
    CHECK_FALSE(hasIssue(p, IssueKind::kDuplicatePosition));
  }
  CHECK(instanceNumbers(plans[0], images) == std::vector<int>{10, 11, 12, 13});
  CHECK_THAT(plans[0].issues.back().message, Catch::Contains("(Echo Numbers 1, 2)"));

  // Diffusion: b=0 and b=1000 share the echo; the b-value tells them apart.
  for (std::size_t i = 0; i < images.size(); ++i) {
    images[i].instance.echoNumber = 1;
    images[i].instance.diffusionBValue = i < 4 ? 1000.0 : 0.0;
  }
  plans = planSeries(images);
  REQUIRE(plans.size() == 2);
  CHECK(plans[0].part == "b=0");
  CHECK(plans[1].part == "b=1000");

  // A value that does not separate them (each slice its own acquisition
  // number, two images at each position within one) splits nothing.
  for (std::size_t i = 0; i < images.size(); ++i) {
    images[i].instance.diffusionBValue.reset();
    images[i].instance.acquisitionNumber = static_cast<int>(i % 4);
  }
  plans = planSeries(images);
  REQUIRE(plans.size() == 1);
  CHECK(plans[0].part.empty());
  CHECK(hasIssue(plans[0], IssueKind::kDuplicatePosition));
}
