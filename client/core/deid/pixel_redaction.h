// Clean Pixel Data: blanks rectangles in every frame of an image, through
// GDCM's decompression (internal to the deid module: GDCM types).
#pragma once

#include <gdcmImage.h>

#include <span>

#include "client/core/deid/deid_config.h"
#include "shared/error/result.h"

namespace limn::deid {

// Replaces `image`'s pixel data with an uncompressed copy (explicit VR little
// endian) in which `boxes` are zero in every frame and sample.
Status redact(gdcm::Image& image, std::span<const RedactionBox> boxes);

}  // namespace limn::deid
