#include <catch2/catch.hpp>

#include "client/core/dicom/pixel_digest.h"

using namespace limn::dicom;

TEST_CASE("pixel_sha256 hashes exactly the canonical pixel bytes") {
  DicomImage img;
  img.hasPixelData = true;
  img.pixels = {'a', 'b', 'c'};
  CHECK(pixelSha256Hex(img) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  img.pixels[2] = 'd';
  CHECK(pixelSha256Hex(img) != "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}
