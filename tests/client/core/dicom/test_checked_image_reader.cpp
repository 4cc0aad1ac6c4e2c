// The checks between GDCM's parse and its codecs, on real files changed in
// exactly one place: each would have crashed GDCM or decoded to zeros.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "client/core/dicom/dicom_decoder.h"
#include "tests/client/core/pydicom_files.h"

using namespace limn;
using namespace limn::dicom;
using limn::test::kTestFiles;
using limn::test::readAll;

namespace {

using Bytes = std::vector<std::uint8_t>;

std::size_t find(const Bytes& bytes, const Bytes& pattern, std::size_t from = 0) {
  auto it = std::search(bytes.begin() + static_cast<std::ptrdiff_t>(from), bytes.end(), pattern.begin(), pattern.end());
  REQUIRE(it != bytes.end());
  return static_cast<std::size_t>(it - bytes.begin());
}

// An explicit little-endian US attribute's value.
void setUS(Bytes& bytes, std::uint16_t group, std::uint16_t element, std::uint16_t value) {
  const std::size_t at = find(bytes, {static_cast<std::uint8_t>(group), static_cast<std::uint8_t>(group >> 8),
                                      static_cast<std::uint8_t>(element), static_cast<std::uint8_t>(element >> 8),
                                      'U', 'S', 0x02, 0x00}) +
                         8;
  bytes[at] = static_cast<std::uint8_t>(value);
  bytes[at + 1] = static_cast<std::uint8_t>(value >> 8);
}

std::string failureOf(const Bytes& bytes) {
  auto r = decodeDicom(bytes);
  REQUIRE_FALSE(r.ok());
  return r.error().message;
}

}  // namespace

TEST_CASE("native pixel data shorter than the image is refused, not padded with zeros") {
  auto bytes = readAll(kTestFiles + "/MR_small.dcm");
  REQUIRE(decodeDicom(bytes).ok());
  setUS(bytes, 0x0028, 0x0010, 128);  // Rows 64 -> 128: the element holds half
  CHECK(failureOf(bytes) == "pixel data holds 8192 bytes; the image needs 16384 (the file is cut short or its image "
                            "attributes are wrong)");
}

TEST_CASE("an RLE frame whose header lies about its segments is refused before GDCM decodes it") {
  auto bytes = readAll(kTestFiles + "/MR_small_RLE.dcm");
  REQUIRE(decodeDicom(bytes).ok());
  // The first item after the offset table starts the frame; its first word is the segment count.
  const std::size_t table = find(bytes, {0xFE, 0xFF, 0x00, 0xE0}, find(bytes, {0xE0, 0x7F, 0x10, 0x00}));
  const std::size_t tableLength = bytes[table + 4] | bytes[table + 5] << 8;
  const std::size_t header = table + 8 + tableLength + 8;
  REQUIRE(bytes[header] == 2);  // 16-bit monochrome: two segments
  bytes[header] = 0x02;
  bytes[header + 2] = 0x80;  // 8,388,610 segments
  CHECK(failureOf(bytes) == "RLE frame 1 has 8388610 segments; the image needs 2");
  bytes[header + 2] = 0;
  bytes[header + 8] = 0xFF;  // the second segment's offset past the frame
  bytes[header + 9] = 0xFF;
  CHECK(failureOf(bytes).find("segment 2 offset 65535 is outside the frame") != std::string::npos);
}

TEST_CASE("a JPEG 2000 codestream of another size than the image is refused") {
  auto bytes = readAll(kTestFiles + "/MR_small_jp2klossless.dcm");
  REQUIRE(decodeDicom(bytes).ok());
  const std::size_t siz = find(bytes, {0xFF, 0x4F, 0xFF, 0x51}) + 2;
  bytes[siz + 8] = 0x01;  // Xsiz (big-endian, after Lsiz and Rsiz) 64 -> 256
  bytes[siz + 9] = 0x00;
  CHECK(failureOf(bytes) == "JPEG 2000 frame in fragment 1 is 256x64 with 1 samples; the image is 64x64 with 1");
}

TEST_CASE("JPEG asked for more than 16 bits per sample is refused") {
  auto bytes = readAll(kTestFiles + "/SC_rgb_jpeg_dcmtk.dcm");
  REQUIRE(decodeDicom(bytes).ok());
  setUS(bytes, 0x0028, 0x0100, 24);  // Bits Allocated 8 -> 24
  CHECK(failureOf(bytes) == "JPEG pixel data with 24 bits allocated is not decodable");
}
