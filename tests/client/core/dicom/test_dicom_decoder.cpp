#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <random>

#include "client/core/dicom/dicom_decoder.h"
#include "client/core/dicom/pixel_digest.h"
#include "tests/client/core/pydicom_files.h"

using namespace limn;
using namespace limn::dicom;

using namespace limn::test;

TEST_CASE("CT_small decodes with the attributes pydicom reports") {
  auto r = decodeDicomFile(kTestFiles + "/CT_small.dcm");
  REQUIRE(r.ok());
  CHECK(r->hasPixelData);
  CHECK(r->layout.rows == 128);
  CHECK(r->layout.columns == 128);
  CHECK(r->layout.frames == 1);
  CHECK(r->layout.bitsAllocated == 16);
  CHECK(r->layout.samplesPerPixel == 1);
  CHECK(r->layout.isSigned);
  CHECK(r->modality == "CT");
  CHECK(r->transferSyntaxUid == "1.2.840.10008.1.2.1");
  CHECK(r->pixels.size() == 128 * 128 * 2);
  REQUIRE(r->display.rescaleSlope);
  CHECK(*r->display.rescaleSlope == 1.0);
  REQUIRE(r->display.pixelSpacingRow);
  CHECK(*r->display.pixelSpacingRow == Approx(0.661468));
}

// Pixel data must match an independent decoder (pydicom's pure handlers),
// byte for byte, in the canonical layout behind pixel_sha256.
TEST_CASE("decoded pixels equal pydicom's for every file it can decode") {
  std::ifstream in(std::string(LIMN_TEST_DATA) + "/client/core/dicom/golden/pydicom_test_files_sha256.json");
  REQUIRE(in);
  const auto golden = nlohmann::json::parse(in);
  REQUIRE(golden.size() > 40);
  for (const auto& [name, ref] : golden.items()) {
    INFO(name);
    auto r = decodeDicomFile(kTestFiles + "/" + name);
    REQUIRE(r.ok());
    REQUIRE(r->hasPixelData);
    CHECK(r->layout.rows == ref["rows"].get<unsigned>());
    CHECK(r->layout.columns == ref["columns"].get<unsigned>());
    CHECK(r->layout.frames == ref["frames"].get<unsigned>());
    CHECK(r->layout.bitsAllocated == ref["bits_allocated"].get<unsigned>());
    CHECK(pixelSha256Hex(*r) == ref["sha256"].get<std::string>());
  }
}

TEST_CASE("every pydicom file is decoded or rejected with a specific error") {
  std::size_t decoded = 0, rejected = 0;
  for (const std::string& dir : {kTestFiles, kCharsetFiles}) {
    for (const std::string& file : pydicomFilesUnder(dir)) {
      const std::string ext = std::filesystem::path(file).extension().string();
      if (ext == ".txt" || ext == ".json" || ext == ".dump" || ext == ".gz" || ext == ".md") continue;
      INFO(file);
      auto r = decodeDicomFile(file);
      if (r.ok()) {
        ++decoded;
        if (r->hasPixelData) CHECK_FALSE(r->pixels.empty());
      } else {
        ++rejected;
        CHECK_FALSE(r.error().message.empty());
        CHECK(r.error().code != ErrorCode::kInternal);
      }
    }
  }
  CHECK(decoded > 60);
  CHECK(rejected <= 8);  // truncated, broken and meta-less files in the corpus
}

TEST_CASE("truncated files are errors, never crashes, never an image padded with zeros") {
  for (const char* name : {"CT_small.dcm", "MR_small.dcm", "JPEG2000.dcm", "SC_rgb_rle.dcm", "MR_small_jpeg_ls_lossless.dcm"}) {
    const auto bytes = readAll(kTestFiles + "/" + name);
    REQUIRE(bytes.size() > 1000);
    for (std::size_t cut : {std::size_t{0}, std::size_t{10}, std::size_t{131}, std::size_t{200}, bytes.size() / 2,
                            bytes.size() - 1}) {
      INFO(name << " cut at " << cut);
      auto r = decodeDicom(std::span<const std::uint8_t>(bytes.data(), cut));
      // A cut inside pixel data fails (GDCM would pad the missing bytes with
      // zeros: black rows shown as the image). A cut between attributes
      // before it leaves a data set without an image, never a made-up one.
      if (r.ok()) {
        CHECK_FALSE(r->hasPixelData);
        continue;
      }
      if (cut >= bytes.size() / 2) CHECK(r.error().message.find("truncated") != std::string::npos);
    }
  }
}

TEST_CASE("an uncompressed image cut inside its pixel data is refused, not padded") {
  for (const char* name : {"CT_small.dcm", "MR_small.dcm"}) {
    INFO(name);
    const auto bytes = readAll(kTestFiles + "/" + name);
    auto r = decodeDicom(std::span<const std::uint8_t>(bytes.data(), bytes.size() * 3 / 4));
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::kDicomParse);
    CHECK(r.error().message == "the file is truncated or malformed: a value ends after the file does");
  }
  auto cut = decodeDicomFile(kTestFiles + "/MR_truncated.dcm");  // 8130 of its 8192 pixel bytes
  REQUIRE_FALSE(cut.ok());
  CHECK(cut.error().message.find("a value ends after the file does") != std::string::npos);
}

TEST_CASE("random and non-DICOM bytes are rejected as not DICOM or malformed") {
  std::mt19937 rng(12345);
  for (int round = 0; round < 50; ++round) {
    std::vector<std::uint8_t> junk(1 + rng() % 4096);
    for (auto& b : junk) b = static_cast<std::uint8_t>(rng());
    auto r = decodeDicom(junk);
    if (r.ok()) CHECK_FALSE(r->hasPixelData);  // never a fabricated image
  }
  const std::string text = "this is not a DICOM file at all, just text";
  auto r = decodeDicom(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
  REQUIRE_FALSE(r.ok());
  CHECK(decodeDicom({}).error().code == ErrorCode::kNotDicom);
}

TEST_CASE("a missing file is an I/O error") {
  auto r = decodeDicomFile("/nonexistent/limn.dcm");
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == ErrorCode::kIoError);
}

// Synthetic RLE colour files whose every byte names its sample byte or its
// pixel (tests/tools/make_rle_probe_files.py): the decoded layout must be
// exactly canonical, whatever GDCM does internally.
TEST_CASE("multi-byte colour RLE decodes to the canonical layout") {
  const std::string& dir = kOwnDicomFiles;
  for (int bits : {16, 32}) {
    for (int frames : {1, 2}) {
      const std::size_t bps = bits / 8, n = 4 * 5;
      const std::string stem = dir + "rle_probe_" + std::to_string(bits) + "_" + std::to_string(frames) + "f_";
      INFO(stem);
      auto sample = decodeDicomFile(stem + "sample.dcm");
      auto pixel = decodeDicomFile(stem + "pixel.dcm");
      REQUIRE(sample.ok());
      REQUIRE(pixel.ok());
      REQUIRE(sample->pixels.size() == frames * n * 3 * bps);
      for (std::size_t j = 0; j < sample->pixels.size(); ++j) {
        CHECK(sample->pixels[j] == (j / bps) % 3 * bps + j % bps);
        CHECK(pixel->pixels[j] == j / (3 * bps));
      }
    }
  }
}

TEST_CASE("pixels that cannot be read are refused saying why, never shown as something else") {
  // Files from data/make_unreadable_pixels.py.
  const std::string& dir = kOwnDicomFiles;
  const auto refusal = [&](const char* name) {
    auto r = decodeDicomFile(dir + name);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::kUnsupportedEncoding);
    return r.error().message;
  };
  CHECK_THAT(refusal("float_pixels.dcm"), Catch::Contains("floating-point pixel data"));
  CHECK_THAT(refusal("missing_rows.dcm"), Catch::EndsWith("are missing: Rows, Bits Stored"));
  // GDCM alone reads Bits Allocated 24 as three samples of 8 bits (an RGB image of garbage).
  CHECK_THAT(refusal("bits_allocated_24.dcm"), Catch::Contains("1 sample(s) per pixel of 24 bits allocated"));
  // ... and Pixel Representation 2 as signed.
  CHECK_THAT(refusal("pixel_representation_2.dcm"), Catch::StartsWith("Pixel Representation 2 is neither"));
}

TEST_CASE("attribute values no display may trust are left out, not used") {
  // Files from data/make_odd_values.py.
  const std::string& dir = kOwnDicomFiles;
  auto zero = decodeDicomFile(dir + "zero_pixel_spacing.dcm");
  REQUIRE(zero);
  CHECK_FALSE(zero->display.pixelSpacingRow);  // 0\0.5: measurements would divide by 0
  CHECK_FALSE(zero->display.pixelSpacingColumn);
  auto nan = decodeDicomFile(dir + "nan_values.dcm");
  REQUIRE(nan);
  CHECK_FALSE(nan->display.pixelSpacingRow);  // nan\nan
  CHECK(nan->display.windows.empty());        // centre inf
  CHECK_FALSE(nan->display.rescaleSlope);     // NaN
  CHECK(nan->display.rescaleIntercept == -1024);
  // An orientation that is no plane (zero or parallel directions) is none:
  // the image stands in a stack, never in a volume of NaN.
  for (const char* name : {"zero_orientation.dcm", "parallel_orientation.dcm"}) {
    INFO(name);
    auto image = decodeDicomFile(dir + name);
    REQUIRE(image);
    CHECK(image->instance.imagePosition);
    CHECK_FALSE(image->instance.imageOrientation);
  }
}

TEST_CASE("an ultrasound image is calibrated by its 2D tissue region, and not when regions disagree") {
  // Files from data/make_us_regions.py (no Pixel Spacing in either).
  const std::string& dir = kOwnDicomFiles;
  auto one = decodeDicomFile(dir + "us_one_region.dcm");
  REQUIRE(one);
  REQUIRE(one->display.pixelSpacingRow);
  CHECK(*one->display.pixelSpacingRow == Approx(0.25));      // 0.025 cm down
  CHECK(*one->display.pixelSpacingColumn == Approx(0.125));  // 0.0125 cm across; the Doppler strip does not count
  auto differ = decodeDicomFile(dir + "us_regions_differ.dcm");
  REQUIRE(differ);
  CHECK_FALSE(differ->display.pixelSpacingRow);
  CHECK_FALSE(differ->display.pixelSpacingColumn);
}

TEST_CASE("a projection image's detector spacing is divided by its magnification factor, or said to be at the detector") {
  // Files from data/make_projection_spacing.py; CT_small has Pixel Spacing.
  const std::string& dir = kOwnDicomFiles;
  auto magnified = decodeDicomFile(dir + "dx_magnified.dcm");
  REQUIRE(magnified);
  REQUIRE(magnified->display.pixelSpacingRow);
  CHECK(*magnified->display.pixelSpacingRow == Approx(0.08));
  CHECK(*magnified->display.pixelSpacingColumn == Approx(0.08));
  CHECK(magnified->display.spacingSource == "at the object (magnification 1.25)");
  auto detector = decodeDicomFile(dir + "dx_detector.dcm");
  REQUIRE(detector);
  CHECK(*detector->display.pixelSpacingRow == Approx(0.15));
  CHECK(detector->display.spacingSource == "at the detector");
  auto ct = decodeDicomFile(std::string(LIMN_PYDICOM_DATA) + "/test_files/CT_small.dcm", DecodePixels::kNo);
  REQUIRE(ct);
  CHECK(ct->display.spacingSource.empty());
  auto us = decodeDicomFile(dir + "us_one_region.dcm");
  REQUIRE(us);
  CHECK(us->display.spacingSource == "ultrasound regions");
}
