#include "client/core/dicom/pixel_digest.h"

#include "shared/crypto/sha256.h"

namespace limn::dicom {

std::string pixelSha256Hex(const DicomImage& image) {
  return crypto::toHex(crypto::sha256(image.pixels));
}

}  // namespace limn::dicom
