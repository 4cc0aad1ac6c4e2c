#include "client/core/imaging/window_presets.h"

namespace limn::imaging {

std::span<const WindowPreset> ctWindowPresets() {
  static const WindowPreset kPresets[] = {
      {"Lung", "CT", {-600, 1500}},
      {"Mediastinum", "CT", {50, 350}},
      {"Bone", "CT", {400, 1800}},
      {"Brain", "CT", {40, 80}},
      {"Abdomen", "CT", {40, 400}},
  };
  return kPresets;
}

}  // namespace limn::imaging
