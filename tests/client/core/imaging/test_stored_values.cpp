#include <catch2/catch.hpp>
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>

#include "client/core/dicom/dicom_decoder.h"
#include "client/core/imaging/stored_values.h"

using namespace limn;
using namespace limn::imaging;

namespace {
dicom::DicomImage sixteenBit(std::vector<std::uint16_t> raw, std::uint16_t bitsStored, bool isSigned) {
  dicom::DicomImage img;
  img.hasPixelData = true;
  img.layout.rows = 1;
  img.layout.columns = static_cast<std::uint32_t>(raw.size());
  img.layout.samplesPerPixel = 1;
  img.layout.bitsAllocated = 16;
  img.layout.bitsStored = bitsStored;
  img.layout.isSigned = isSigned;
  img.pixels.resize(raw.size() * 2);
  std::memcpy(img.pixels.data(), raw.data(), img.pixels.size());
  return img;
}
}  // namespace

TEST_CASE("stored values are masked to BitsStored and sign-extended") {
  // 12 bits stored; the top nibble carries overlay bits that must not leak.
  auto img = sixteenBit({0xF000 | 0x0FFF, 0x0800, 0x07FF, 0x0001}, 12, true);
  auto v = monochromeFrame(img, 0);
  REQUIRE(v.ok());
  CHECK(v->values == std::vector<float>{-1, -2048, 2047, 1});
  CHECK(v->range.min == -2048);
  CHECK(v->range.max == 2047);

  auto u = monochromeFrame(sixteenBit({0xF123, 0x0FFF}, 12, false), 0);
  REQUIRE(u.ok());
  CHECK(u->values == std::vector<float>{0x123, 0xFFF});
}

TEST_CASE("every width, BitsStored and sign agree with the definition, value by value") {
  std::srand(7);
  for (const std::uint16_t allocated : {8, 16, 32}) {
    for (std::uint16_t stored = 1; stored <= allocated; ++stored) {
      for (const bool isSigned : {false, true}) {
        dicom::DicomImage img;
        img.hasPixelData = true;
        img.layout = {};
        img.layout.rows = 1;
        img.layout.columns = 64;
        img.layout.samplesPerPixel = 1;
        img.layout.bitsAllocated = allocated;
        img.layout.bitsStored = stored;
        img.layout.isSigned = isSigned;
        img.pixels.resize(64 * allocated / 8);
        for (auto& b : img.pixels) b = static_cast<std::uint8_t>(std::rand());
        auto v = monochromeFrame(img, 0);
        REQUIRE(v.ok());
        float lo = v->values[0], hi = v->values[0];
        for (std::size_t i = 0; i < 64; ++i) {
          std::uint64_t raw = 0;
          std::memcpy(&raw, img.pixels.data() + i * allocated / 8, allocated / 8);
          const std::uint64_t bits = raw & ((std::uint64_t{1} << stored) - 1);
          const bool negative = isSigned && (bits >> (stored - 1)) != 0;
          const double expected = negative ? static_cast<double>(bits) - std::ldexp(1.0, stored) : static_cast<double>(bits);
          CHECK(v->values[i] == static_cast<float>(expected));
          lo = std::min(lo, v->values[i]);
          hi = std::max(hi, v->values[i]);
        }
        CHECK(v->range.min == lo);
        CHECK(v->range.max == hi);
      }
    }
  }
}

TEST_CASE("16-bit values keep full precision") {
  auto v = monochromeFrame(sixteenBit({0, 1, 65534, 65535}, 16, false), 0);
  REQUIRE(v.ok());
  CHECK(v->values == std::vector<float>{0, 1, 65534, 65535});
}

TEST_CASE("frames out of range and short buffers are errors") {
  auto img = sixteenBit({1, 2}, 16, false);
  CHECK_FALSE(monochromeFrame(img, 1).ok());
  img.pixels.resize(2);
  CHECK(monochromeFrame(img, 0).error().code == ErrorCode::kDecodeFailed);
}

TEST_CASE("CT_small converts to the HU range of a CT slice") {
  auto img = dicom::decodeDicomFile(std::string(LIMN_PYDICOM_DATA) + "/test_files/CT_small.dcm");
  REQUIRE(img.ok());
  auto v = monochromeFrame(*img, 0);
  REQUIRE(v.ok());
  CHECK(v->values.size() == 128 * 128);
  CHECK(v->range.min < v->range.max);
}

TEST_CASE("colour frames become RGBA") {
  auto img = dicom::decodeDicomFile(std::string(LIMN_PYDICOM_DATA) + "/test_files/SC_rgb_small_odd.dcm");
  REQUIRE(img.ok());
  auto rgba = colourFrameRgba(*img, 0);
  REQUIRE(rgba.ok());
  CHECK(rgba->size() == std::size_t{img->layout.rows} * img->layout.columns * 4);
  CHECK((*rgba)[3] == 255);
  CHECK((*rgba)[0] == img->pixels[0]);
}

TEST_CASE("1-bit frames unpack least significant bit first, frames back to back") {
  dicom::DicomImage img;
  img.hasPixelData = true;
  img.layout.rows = 1;
  img.layout.columns = 5;
  img.layout.frames = 2;
  img.layout.samplesPerPixel = 1;
  img.layout.bitsAllocated = 1;
  img.layout.bitsStored = 1;
  // Frame 0: 1 0 1 1 0; frame 1 starts at bit 5: 0 1 1 0 1.
  // Byte 0 holds bits 0..7 = 1 0 1 1 0 | 0 1 1; byte 1 holds bits 8..9 = 0 1.
  img.pixels = {0b11001101, 0b00000010};
  auto f0 = monochromeFrame(img, 0);
  REQUIRE(f0.ok());
  CHECK(f0->values == std::vector<float>{1, 0, 1, 1, 0});
  auto f1 = monochromeFrame(img, 1);
  REQUIRE(f1.ok());
  CHECK(f1->values == std::vector<float>{0, 1, 1, 0, 1});
  CHECK(f1->range.max == 1);
  img.pixels.resize(1);
  CHECK(monochromeFrame(img, 1).error().code == ErrorCode::kDecodeFailed);
}

TEST_CASE("a real 1-bit segmentation frame decodes to zeros and ones") {
  auto img = dicom::decodeDicomFile(std::string(LIMN_PYDICOM_DATA) + "/test_files/liver_1frame.dcm");
  REQUIRE(img.ok());
  REQUIRE(img->layout.bitsAllocated == 1);
  auto f = monochromeFrame(*img, 0);
  REQUIRE(f.ok());
  const auto ones = std::count(f->values.begin(), f->values.end(), 1.0f);
  CHECK(ones > 0);
  CHECK(ones < static_cast<long>(f->values.size()));
}

TEST_CASE("16- and 32-bit colour keep their top 8 stored bits") {
  for (const char* name : {"SC_rgb_rle_16bit.dcm", "SC_rgb_rle_32bit.dcm"}) {
    auto img = dicom::decodeDicomFile(std::string(LIMN_PYDICOM_DATA) + "/test_files/" + name);
    REQUIRE(img.ok());
    auto rgba = colourFrameRgba(*img, 0);
    REQUIRE(rgba.ok());
    const std::size_t bytes = img->layout.bytesPerSample();
    std::uint32_t red = 0;
    std::memcpy(&red, img->pixels.data(), bytes);
    CHECK((*rgba)[0] == (red >> (img->layout.bitsStored - 8)));
    CHECK((*rgba)[3] == 255);
  }
}

// The dcmtk and pydicom variants of one 100x100 test card, stored as RGB
// (RLE, lossless) and as YCbCr: shown, they must be the same colours.
TEST_CASE("YBR_FULL and YBR_FULL_422 are shown in RGB") {
  const std::string dir = std::string(LIMN_PYDICOM_DATA) + "/test_files/";
  auto reference = dicom::decodeDicomFile(dir + "SC_rgb_rle.dcm");
  REQUIRE(reference.ok());
  auto expected = colourFrameRgba(*reference, 0);
  REQUIRE(expected.ok());
  // Uncompressed 4:2:2 is exact but for chroma shared by pixel pairs; JPEG
  // baseline is lossy.
  for (const auto& [file, tolerance] : {std::pair{"SC_ybr_full_422_uncompressed.dcm", 3.0},
                                        std::pair{"SC_rgb_dcmtk_+eb+cy+n1.dcm", 6.0},
                                        std::pair{"SC_rgb_dcmtk_+eb+cy+np.dcm", 6.0}}) {
    INFO(file);
    auto img = dicom::decodeDicomFile(dir + file);
    REQUIRE(img.ok());
    REQUIRE(img->layout.photometric.rfind("YBR_FULL", 0) == 0);
    auto rgba = colourFrameRgba(*img, 0);
    REQUIRE(rgba.ok());
    REQUIRE(rgba->size() == expected->size());
    double total = 0;
    for (std::size_t i = 0; i < rgba->size(); ++i) total += std::abs(int((*rgba)[i]) - int((*expected)[i]));
    CHECK(total / rgba->size() < tolerance);
    // Top-left is pure red on the card (YCbCr 76,85,255).
    CHECK((*rgba)[0] > 240);
    CHECK((*rgba)[1] < 15);
    CHECK((*rgba)[2] < 15);
  }
}

// Files from tests/client/core/dicom/data/make_palette_files.py; expected
// colours as pydicom's apply_color_lut gives them (high bytes of 16-bit
// entries).
TEST_CASE("PALETTE COLOR indices are shown in their palette's colours") {
  const std::string dir = std::string(LIMN_TEST_DATA) + "/client/core/dicom/data/";
  auto img = dicom::decodeDicomFile(dir + "palette_8bit.dcm");
  REQUIRE(img.ok());
  CHECK(img->layout.isColour());
  CHECK(img->pixels.size() == 16);  // the stored indices stay as they are
  auto rgba = colourFrameRgba(*img, 0);
  REQUIRE(rgba.ok());
  for (int i = 0; i < 16; ++i) {
    INFO(i);
    CHECK(int((*rgba)[i * 4 + 0]) == i);
    CHECK(int((*rgba)[i * 4 + 1]) == 255 - i);
    CHECK(int((*rgba)[i * 4 + 2]) == (7 * i) % 256);
    CHECK(int((*rgba)[i * 4 + 3]) == 255);
  }
}

TEST_CASE("PALETTE COLOR indices outside the table take its first or last entry") {
  const std::string dir = std::string(LIMN_TEST_DATA) + "/client/core/dicom/data/";
  auto img = dicom::decodeDicomFile(dir + "palette_12bit_offset.dcm");
  REQUIRE(img.ok());
  auto rgba = colourFrameRgba(*img, 0);
  REQUIRE(rgba.ok());
  // Indices 0, 99, 100, 101, 107, 115, 116, 4095; the table starts at 100
  // (16-bit entries, of which the display keeps the high byte).
  const int red[] = {0, 0, 0, 10, 70, 150, 150, 150};
  const int green[] = {200, 200, 200, 190, 130, 50, 50, 50};
  for (int i = 0; i < 8; ++i) {
    INFO(i);
    CHECK(int((*rgba)[i * 4 + 0]) == red[i]);
    CHECK(int((*rgba)[i * 4 + 1]) == green[i]);
    CHECK(int((*rgba)[i * 4 + 2]) == 5);
  }
}
