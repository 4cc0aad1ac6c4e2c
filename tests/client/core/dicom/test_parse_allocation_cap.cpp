#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <new>
#include <vector>

#include "client/core/dicom/dicom_decoder.h"
#include "client/core/dicom/parse_allocation_cap.h"
#include "tests/client/core/pydicom_files.h"

using namespace limn::dicom;

TEST_CASE("the parse cap scales with the input, from a floor") {
  CHECK(parseAllocationLimit(0) == kParseAllocationFloor);
  CHECK(parseAllocationLimit(1000) == kParseAllocationFloor);
  CHECK(parseAllocationLimit(std::size_t{1} << 20) == (std::size_t{1} << 20) * kParseAllocationPerInputByte);
  CHECK(parseAllocationLimit(~std::size_t{0}) == ~std::size_t{0});  // no overflow
}

// Through the allocation function itself: a compiler may elide a new
// expression whose memory nothing reads, GDCM's buffers it may not.
void allocate(std::size_t bytes) { ::operator delete(::operator new(bytes)); }

TEST_CASE("an allocation over the cap fails while the cap lives, and only then") {
  const std::size_t over = kParseAllocationFloor + 1;
  {
    ParseAllocationCap cap(1000);
    CHECK_THROWS_AS(allocate(over), std::bad_alloc);
    CHECK_NOTHROW(allocate(1000));
    {
      ParseAllocationCap wider(kParseAllocationFloor);  // nested caps only tighten
      CHECK_THROWS_AS(allocate(over), std::bad_alloc);
    }
    CHECK_THROWS_AS(allocate(over), std::bad_alloc);
  }
  CHECK_NOTHROW(allocate(over));
}

TEST_CASE("blocks of a page or more are 16-byte aligned, as glibc aligns them (wasm's malloc gives 8)") {
  // Interleaved small blocks shift the heap by 8 bytes now and then; a copy
  // between two large blocks 8 bytes apart modulo 16 is slow (see the file).
  std::vector<void*> blocks;
  for (std::size_t i = 0; i < 64; ++i) {
    blocks.push_back(::operator new(24 + 8 * (i % 3)));
    blocks.push_back(::operator new(4096 + 8 * i));
    CHECK(reinterpret_cast<std::uintptr_t>(blocks.back()) % 16 == 0);
  }
  std::vector<std::uint8_t> pixels(512 * 512 * 2 + 8);
  CHECK(reinterpret_cast<std::uintptr_t>(pixels.data()) % 16 == 0);
  for (void* p : blocks) ::operator delete(p);
}

TEST_CASE("a value whose declared length is far beyond the file is refused without being allocated") {
  auto bytes = limn::test::readAll(limn::test::kTestFiles + "/CT_small.dcm");
  // Pixel Data (7FE0,0010) OW: its 32-bit length becomes 0x7FFFFFFE (2 GiB).
  const std::vector<std::uint8_t> tag{0xE0, 0x7F, 0x10, 0x00, 'O', 'W', 0x00, 0x00};
  auto at = std::search(bytes.begin(), bytes.end(), tag.begin(), tag.end());
  REQUIRE(at != bytes.end());
  const std::uint8_t length[] = {0xFE, 0xFF, 0xFF, 0x7F};
  std::copy(std::begin(length), std::end(length), at + 8);
  auto r = decodeDicom(bytes);
  REQUIRE_FALSE(r.ok());
  CHECK_FALSE(r.error().message.empty());
}
