// Preprocessing: a frame's modality values become the tensor the model's
// card asks for. Windowing to [0, 1], bilinear resampling of a region of
// the frame (the whole frame, a tile of a large image, or the crop around
// an interactive prompt) to the input size, normalisation, and for
// interactive models the click and box maps. The training script
// (script/models/train_demo_models.py) builds its inputs the same way.
#pragma once

#include <array>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "client/core/annot/geometry.h"
#include "client/core/infer/model_card.h"
#include "client/core/infer/tensor.h"
#include "shared/error/result.h"

namespace limn::infer {

// One frame as the viewer holds it: stored values and the rescale that
// turns them into modality values.
struct FrameView {
  std::span<const float> values;
  std::uint32_t width = 0, height = 0;
  double slope = 1, intercept = 0;
  std::string modality;  // "CT", "MR", ... or empty
  // Millimetres between columns and between rows, when the file says.
  std::optional<std::array<double, 2>> spacingMm{};
};

// A square or rectangle of the frame, in image pixels (may reach outside
// the frame: samples clamp to the edge).
struct SourceRegion {
  double x = 0, y = 0, width = 0, height = 0;
  bool operator==(const SourceRegion&) const = default;
};

struct Prompt {
  std::vector<annot::Point> positive, negative;  // image pixels
  std::optional<annot::Box> box;
  bool empty() const { return positive.empty() && !box; }
};

// The regions an image model runs on, each of the input's shape (a frame
// unlike it is padded, not stretched: samples past the edge clamp to it, as
// in training). A card with a pixel spacing, on a frame whose spacing is
// known: tiles of the input's size at that spacing, over the whole frame
// (a region grown or shrunk to the model's scale). Otherwise the whole
// frame, or tiles when the card asks for tiling and the frame is larger
// than one tile. A classifier always sees the whole frame.
std::vector<SourceRegion> inputRegions(const ModelCard& card, std::uint32_t width, std::uint32_t height,
                                       std::optional<std::array<double, 2>> spacingMm = std::nullopt);

// The square an interactive model sees for `prompt`.
SourceRegion promptRegion(const ModelCard& card, const Prompt& prompt, std::uint32_t width, std::uint32_t height);

// The window used: the card's, or the frame's 1st..99th percentile for "auto".
WindowSpec effectiveWindow(const ModelCard& card, const FrameView& frame);

// The windowed, resampled, normalised image (channel 0 of the tensor, or
// the card's image channel), with prompt maps for interactive models.
Result<Tensor> modelInput(const ModelCard& card, const FrameView& frame, const SourceRegion& region,
                          const Prompt* prompt = nullptr);

// Bilinear samples of `values` (width x height) at the out x out-sized
// grid's pixel centres over `region`, edges clamped.
std::vector<float> sampleRegion(std::span<const float> values, std::uint32_t width, std::uint32_t height,
                                const SourceRegion& region, std::uint32_t outWidth, std::uint32_t outHeight);

}  // namespace limn::infer
