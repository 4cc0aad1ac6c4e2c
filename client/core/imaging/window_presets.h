// Named VOI windows radiologists expect, in modality units (HU for CT).
#pragma once

#include <span>
#include <string_view>

#include "client/core/imaging/window_level.h"

namespace limn::imaging {

struct WindowPreset {
  std::string_view name;
  std::string_view modality;  // the modality it is meant for
  Window window;
};

// CT presets in the usual order (keys 2..6 in the viewer).
std::span<const WindowPreset> ctWindowPresets();

}  // namespace limn::imaging
