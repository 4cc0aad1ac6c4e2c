// Patient-orientation letters for a direction in LPS space, as radiologists
// read them at the edges of an image: L/R, P/A, S/I (PS3.3 C.7.6.1.1.1).
#pragma once

#include <string>

#include "client/core/imaging/vec3.h"

namespace limn::imaging {

// The letters of the direction's main components, largest first ("L",
// "LP" for an oblique direction); components under 0.25 are left out.
std::string orientationLabel(const Vec3& direction);

}  // namespace limn::imaging
