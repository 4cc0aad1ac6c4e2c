#include "shared/sync/op_lane.h"

#include <array>

#include "shared/crypto/random.h"

namespace limn::sync {

std::uint64_t drawOpLane() {
  for (;;) {
    std::array<std::uint8_t, 8> bytes{};
    crypto::randomBytes(bytes);
    std::uint64_t r = 0;
    for (std::uint8_t b : bytes) r = r << 8 | b;
    // kMaxOpLane + 1 is a power of two, so masking keeps the draw uniform.
    if (const std::uint64_t lane = r & kMaxOpLane; lane != 0) return lane;
  }
}

}  // namespace limn::sync
