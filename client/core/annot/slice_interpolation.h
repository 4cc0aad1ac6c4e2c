// Fill between slices: masks drawn on two slices of a volume give the masks
// of the slices between them by shape-based interpolation (Raya & Udupa):
// each drawn mask becomes a signed distance map, both maps are shifted so
// the shapes' centres meet where they would be on the slice being made,
// blended linearly along z, and a pixel is inside where the blend is
// negative. Unlike copying pixels, this follows a lesion that grows,
// shrinks or drifts between the drawn slices.
#pragma once

#include <cstdint>
#include <vector>

#include "client/core/annot/geometry.h"
#include "shared/error/result.h"

namespace limn::annot {

// Signed Euclidean distance (pixels) from each pixel centre to the mask's
// boundary: negative inside, positive outside. Exact (Felzenszwalb and
// Huttenlocher's lower envelope of parabolas), linear in the pixel count.
std::vector<float> signedDistance(const Mask& mask);

// The `between` masks strictly between `lower` (slice 0) and `upper`
// (slice between + 1), nearest to `lower` first. Both must have one size.
Result<std::vector<Mask>> interpolateMasks(const Mask& lower, const Mask& upper, std::uint32_t between);

}  // namespace limn::annot
