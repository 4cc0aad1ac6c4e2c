#include "client/core/infer/model_input.h"

#include <algorithm>
#include <cmath>

namespace limn::infer {
namespace {

Status checkFrame(const ModelCard& card, const FrameView& frame) {
  if (frame.width == 0 || frame.height == 0 || frame.values.size() != std::size_t{frame.width} * frame.height)
    return makeError(ErrorCode::kInvalidArgument, "no monochrome frame to run the model on");
  if (!card.modalities.empty() &&
      std::find(card.modalities.begin(), card.modalities.end(), frame.modality) == card.modalities.end()) {
    std::string list;
    for (const std::string& m : card.modalities) list += (list.empty() ? "" : ", ") + m;
    return makeError(ErrorCode::kInvalidArgument, card.name + " is made for " + list + " images, not '" +
                                                      (frame.modality.empty() ? "unknown" : frame.modality) + "'");
  }
  return okStatus();
}

void drawClicks(std::span<float> plane, std::uint32_t w, std::uint32_t h, const std::vector<annot::Point>& clicks,
                const SourceRegion& region, double sigma) {
  const double sx = w / region.width, sy = h / region.height;
  const double twoSigma2 = 2 * sigma * sigma;
  for (const annot::Point& c : clicks) {
    const double mx = (c.x - region.x) * sx, my = (c.y - region.y) * sy;
    for (std::uint32_t y = 0; y < h; ++y)
      for (std::uint32_t x = 0; x < w; ++x) {
        const double dx = x + 0.5 - mx, dy = y + 0.5 - my;
        float& v = plane[std::size_t{y} * w + x];
        v = std::max(v, static_cast<float>(std::exp(-(dx * dx + dy * dy) / twoSigma2)));
      }
  }
}

void drawBox(std::span<float> plane, std::uint32_t w, std::uint32_t h, const annot::Box& box, const SourceRegion& region) {
  const double sx = w / region.width, sy = h / region.height;
  const double x0 = (box.x - region.x) * sx, x1 = (box.x + box.width - region.x) * sx;
  const double y0 = (box.y - region.y) * sy, y1 = (box.y + box.height - region.y) * sy;
  for (std::uint32_t y = 0; y < h; ++y)
    for (std::uint32_t x = 0; x < w; ++x)
      if (x + 0.5 >= x0 && x + 0.5 <= x1 && y + 0.5 >= y0 && y + 0.5 <= y1) plane[std::size_t{y} * w + x] = 1;
}

}  // namespace

namespace {

constexpr double kMaxSpacingTiles = 4096;

// Regions of tileW x tileH image pixels over an extent, overlapping by
// `overlap`, the last ending at the edge; one centred region (reaching
// past the edges) where the extent is smaller than a tile.
std::vector<double> tileStarts(double extent, double tile, double overlap) {
  if (extent <= tile) return {(extent - tile) / 2};
  const double step = tile - 2 * overlap;
  std::vector<double> s;
  for (double p = 0;; p += step) {
    if (p + tile >= extent) {
      s.push_back(extent - tile);
      break;
    }
    s.push_back(p);
  }
  return s;
}

std::vector<SourceRegion> tiled(double width, double height, double tileW, double tileH, double overlapW,
                                double overlapH) {
  std::vector<SourceRegion> out;
  for (double y : tileStarts(height, tileH, overlapH))
    for (double x : tileStarts(width, tileW, overlapW)) out.push_back({x, y, tileW, tileH});
  return out;
}

}  // namespace

std::vector<SourceRegion> inputRegions(const ModelCard& card, std::uint32_t width, std::uint32_t height,
                                       std::optional<std::array<double, 2>> spacingMm) {
  const double w = width, h = height, aspect = double(card.width) / double(card.height);
  // A classifier judges the whole frame at once.
  const bool whole = card.task == ModelTask::kClassification;
  if (!whole && card.spacingMm && spacingMm && (*spacingMm)[0] > 0 && (*spacingMm)[1] > 0) {
    const double tileW = card.width * *card.spacingMm / (*spacingMm)[0];
    const double tileH = card.height * *card.spacingMm / (*spacingMm)[1];
    const double overlap = card.tiling ? double(card.tiling->overlap) / card.tiling->tile : 0.125;
    // A pixel spacing no scanner writes (a damaged header) would call for
    // millions of tiles: such a frame is taken as if it gave no spacing.
    const double tiles = std::ceil(w / (tileW * (1 - 2 * overlap))) * std::ceil(h / (tileH * (1 - 2 * overlap)));
    if (tiles <= kMaxSpacingTiles) return tiled(w, h, tileW, tileH, tileW * overlap, tileH * overlap);
  }
  if (whole || !card.tiling || (width <= card.tiling->tile && height <= card.tiling->tile)) {
    // The whole frame in the input's shape: the longer side fits, the other is padded.
    const double side = std::max(w, h * aspect);
    return {{(w - side) / 2, (h - side / aspect) / 2, side, side / aspect}};
  }
  const double tile = card.tiling->tile, overlap = card.tiling->overlap;
  return tiled(w, h, tile, tile / aspect, overlap, overlap / aspect);
}

SourceRegion promptRegion(const ModelCard& card, const Prompt& prompt, std::uint32_t width, std::uint32_t height) {
  const PromptEncoding& e = card.prompts;
  const double longer = std::max(width, height);
  double side = e.cropFraction * longer, cx = width / 2.0, cy = height / 2.0;
  if (prompt.box) {
    side = std::max(e.minCropFraction * longer, e.boxScale * std::max(prompt.box->width, prompt.box->height));
    cx = prompt.box->x + prompt.box->width / 2, cy = prompt.box->y + prompt.box->height / 2;
  } else if (!prompt.positive.empty()) {
    cx = cy = 0;
    for (const annot::Point& p : prompt.positive) cx += p.x, cy += p.y;
    cx /= static_cast<double>(prompt.positive.size()), cy /= static_cast<double>(prompt.positive.size());
  }
  return {cx - side / 2, cy - side / 2, side, side};
}

WindowSpec effectiveWindow(const ModelCard& card, const FrameView& frame) {
  if (card.window) return *card.window;
  std::vector<float> sorted(frame.values.begin(), frame.values.end());
  const auto at = [&](double q) {
    const auto k = static_cast<std::size_t>(q * static_cast<double>(sorted.size() - 1));
    std::nth_element(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(k), sorted.end());
    return sorted[k] * frame.slope + frame.intercept;
  };
  const double lo = at(0.01), hi = at(0.99);
  return {(lo + hi) / 2, std::max(hi - lo, 1e-6)};
}

std::vector<float> sampleRegion(std::span<const float> values, std::uint32_t width, std::uint32_t height,
                                const SourceRegion& region, std::uint32_t outWidth, std::uint32_t outHeight) {
  std::vector<float> out(std::size_t{outWidth} * outHeight);
  // Per column and row: the two source indices and the weight of the second.
  struct Tap { std::uint32_t i0, i1; float f; };
  const auto taps = [](double origin, double extent, std::uint32_t n, std::uint32_t size) {
    std::vector<Tap> t(n);
    for (std::uint32_t k = 0; k < n; ++k) {
      const double s = std::clamp(origin + (k + 0.5) * extent / n - 0.5, 0.0, double(size - 1));
      const auto i0 = std::min(static_cast<std::uint32_t>(s), size > 1 ? size - 2 : 0);
      t[k] = {i0, std::min(i0 + 1, size - 1), static_cast<float>(s - i0)};
    }
    return t;
  };
  const std::vector<Tap> xs = taps(region.x, region.width, outWidth, width);
  const std::vector<Tap> ys = taps(region.y, region.height, outHeight, height);
  for (std::uint32_t y = 0; y < outHeight; ++y) {
    const float* r0 = values.data() + std::size_t{ys[y].i0} * width;
    const float* r1 = values.data() + std::size_t{ys[y].i1} * width;
    const float fy = ys[y].f;
    for (std::uint32_t x = 0; x < outWidth; ++x) {
      const Tap& t = xs[x];
      const float top = r0[t.i0] + (r0[t.i1] - r0[t.i0]) * t.f;
      const float bottom = r1[t.i0] + (r1[t.i1] - r1[t.i0]) * t.f;
      out[std::size_t{y} * outWidth + x] = top + (bottom - top) * fy;
    }
  }
  return out;
}

Result<Tensor> modelInput(const ModelCard& card, const FrameView& frame, const SourceRegion& region, const Prompt* prompt) {
  if (Status s = checkFrame(card, frame); !s) return s.error();
  if (!(region.width > 0 && region.height > 0)) return makeError(ErrorCode::kInvalidArgument, "empty input region");
  const bool interactive = card.task == ModelTask::kInteractiveSegmentation;
  if (interactive && (!prompt || prompt->empty()))
    return makeError(ErrorCode::kInvalidArgument, "click inside the object (or draw a box around it) first");
  const std::uint32_t w = card.width, h = card.height;
  const std::size_t plane = std::size_t{w} * h;
  Tensor t{{1, card.channels, h, w}, std::vector<float>(plane * card.channels, 0.f)};
  // Window and normalise on the source pixels' modality values, then sample:
  // the same order as the training script.
  const WindowSpec win = effectiveWindow(card, frame);
  const double low = win.center - win.width / 2;
  std::vector<float> unit(frame.values.size());
  for (std::size_t i = 0; i < unit.size(); ++i) {
    const double v = (frame.values[i] * frame.slope + frame.intercept - low) / win.width;
    unit[i] = static_cast<float>(std::clamp(v, 0.0, 1.0));
  }
  const std::vector<float> sampled = sampleRegion(unit, frame.width, frame.height, region, w, h);
  const std::uint32_t imageChannel = interactive ? card.prompts.imageChannel : 0;
  float* dst = t.data.data() + plane * imageChannel;
  for (std::size_t i = 0; i < plane; ++i) dst[i] = static_cast<float>((sampled[i] - card.mean) / card.std);
  if (interactive) {
    const auto channel = [&](std::uint32_t c) { return std::span<float>(t.data.data() + plane * c, plane); };
    drawClicks(channel(card.prompts.positiveChannel), w, h, prompt->positive, region, card.prompts.clickSigma);
    drawClicks(channel(card.prompts.negativeChannel), w, h, prompt->negative, region, card.prompts.clickSigma);
    if (card.prompts.boxChannel && prompt->box) drawBox(channel(*card.prompts.boxChannel), w, h, *prompt->box, region);
  }
  return t;
}

}  // namespace limn::infer
