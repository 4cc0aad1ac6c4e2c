#include <catch2/catch.hpp>

#include <array>
#include <cmath>

#include "client/core/infer/model_input.h"

using namespace limn;
using namespace limn::infer;

namespace {

ModelCard card(std::uint32_t w, std::uint32_t h) {
  ModelCard c;
  c.name = "m";
  c.version = "1";
  c.width = w, c.height = h;
  c.window = WindowSpec{50, 100};  // 0..100 -> 0..1
  c.modalities = {"CT"};
  return c;
}

}  // namespace

TEST_CASE("Model input: window to [0, 1] after rescale, then normalise; same size samples exactly") {
  std::vector<float> stored(4 * 3);
  for (std::size_t i = 0; i < stored.size(); ++i) stored[i] = static_cast<float>(i * 10);  // 0..110
  const FrameView frame{stored, 4, 3, 1.0, -5.0, "CT"};
  ModelCard c = card(4, 3);
  c.mean = 0.5, c.std = 0.5;
  Result<Tensor> t = modelInput(c, frame, {0, 0, 4, 3});
  REQUIRE(t);
  CHECK(t->shape == std::vector<std::int64_t>{1, 1, 3, 4});
  for (std::size_t i = 0; i < stored.size(); ++i) {
    const double unit = std::clamp((stored[i] - 5.0) / 100.0, 0.0, 1.0);
    CHECK(t->data[i] == Approx((unit - 0.5) / 0.5).margin(1e-6));
  }
}

TEST_CASE("Model input: halving a ramp averages pixel pairs; regions beyond the edge clamp") {
  std::vector<float> stored(8 * 8);
  for (std::uint32_t y = 0; y < 8; ++y)
    for (std::uint32_t x = 0; x < 8; ++x) stored[y * 8 + x] = static_cast<float>(10 * x);
  const FrameView frame{stored, 8, 8, 1, 0, "CT"};
  Result<Tensor> t = modelInput(card(4, 4), frame, {0, 0, 8, 8});
  REQUIRE(t);
  for (std::uint32_t x = 0; x < 4; ++x) CHECK(t->data[x] == Approx((20.0 * x + 5) / 100.0));
  const std::vector<float> beyond = sampleRegion(stored, 8, 8, {-8, 0, 8, 8}, 4, 4);
  CHECK(beyond[0] == 0);  // left of the image: the first column
}

TEST_CASE("Model input refuses the wrong modality and an empty frame") {
  std::vector<float> stored(16, 1.f);
  Result<Tensor> mr = modelInput(card(4, 4), {stored, 4, 4, 1, 0, "MR"}, {0, 0, 4, 4});
  REQUIRE_FALSE(mr);
  CHECK(mr.error().message.find("made for CT images, not 'MR'") != std::string::npos);
  CHECK_FALSE(modelInput(card(4, 4), {stored, 5, 4, 1, 0, "CT"}, {0, 0, 4, 4}));
}

TEST_CASE("The auto window spans the frame's 1st to 99th percentile") {
  std::vector<float> stored(1000);
  for (std::size_t i = 0; i < stored.size(); ++i) stored[i] = static_cast<float>(i);
  ModelCard c = card(4, 4);
  c.window.reset();
  const WindowSpec w = effectiveWindow(c, {stored, 100, 10, 2, 1, "CT"});
  CHECK(w.center - w.width / 2 == Approx(2 * 9.0 + 1).margin(2));
  CHECK(w.center + w.width / 2 == Approx(2 * 989.0 + 1).margin(2));
}

TEST_CASE("Interactive input: click maps peak at the clicks, the box channel fills the box") {
  std::vector<float> stored(100 * 100, 40.f);
  const FrameView frame{stored, 100, 100, 1, 0, "CT"};
  ModelCard c = card(32, 32);
  c.task = ModelTask::kInteractiveSegmentation;
  c.channels = 4;
  c.prompts.boxChannel = 3;
  c.prompts.clickSigma = 2;
  c.prompts.cropFraction = 0.32;  // 32 image pixels: one per model pixel
  Prompt p;
  p.positive = {{51.0, 51.0}};
  const SourceRegion r = promptRegion(c, p, 100, 100);
  CHECK(r == SourceRegion{35, 35, 32, 32});
  p.negative = {{40.5, 44.5}};
  Result<Tensor> t = modelInput(c, frame, r, &p);
  REQUIRE(t);
  const auto at = [&](int ch, int x, int y) { return t->data[std::size_t(ch) * 1024 + y * 32 + x]; };
  CHECK(at(0, 5, 5) == Approx(0.4));
  // The click sits at the crop's centre, model coordinate (16, 16): a pixel corner.
  CHECK(at(1, 16, 16) == Approx(std::exp(-0.5 / 8)).margin(1e-6));
  CHECK(at(1, 18, 16) == Approx(std::exp(-6.5 / 8)).margin(1e-6));
  CHECK(at(2, 5, 9) == Approx(1).margin(1e-6));
  CHECK(at(3, 10, 10) == 0);
  p.box = annot::Box{40, 40, 20, 10};
  const SourceRegion boxed = promptRegion(c, p, 100, 100);
  CHECK(boxed.width == Approx(40));  // twice the box's longer side
  CHECK(boxed.x == Approx(30));
  Result<Tensor> withBox = modelInput(c, frame, boxed, &p);
  REQUIRE(withBox);
  CHECK(withBox->data[3 * 1024 + 16 * 32 + 16] == 1);  // box centre
  CHECK(withBox->data[3 * 1024 + 2 * 32 + 16] == 0);   // above the box
  CHECK_FALSE(modelInput(c, frame, r, nullptr));
}

TEST_CASE("Tiling covers a large image with overlapping tiles that end at the edges") {
  ModelCard c = card(64, 64);
  c.tiling = Tiling{256, 32};
  const std::vector<SourceRegion> tiles = inputRegions(c, 600, 300);
  REQUIRE(tiles.size() == 3 * 2);
  CHECK(tiles.back().x + tiles.back().width == 600);
  CHECK(tiles.back().y + tiles.back().height == 300);
  CHECK(tiles[1].x == 192);
  CHECK(inputRegions(c, 200, 100).size() == 1);
  c.tiling.reset();
  // Without tiling, the whole frame in the input's (square) shape: padded, not stretched.
  CHECK(inputRegions(c, 6000, 3000) == std::vector<SourceRegion>{{0, -1500, 6000, 6000}});
  CHECK(inputRegions(c, 300, 400) == std::vector<SourceRegion>{{-50, 0, 400, 400}});
  CHECK(inputRegions(c, 512, 512) == std::vector<SourceRegion>{{0, 0, 512, 512}});
  ModelCard wide = card(64, 32);  // a 2:1 input takes a 2:1 region holding the whole frame
  CHECK(inputRegions(wide, 100, 100) == std::vector<SourceRegion>{{-50, 0, 200, 100}});
}

TEST_CASE("A card's pixel spacing sets the regions' size in image pixels, tiled over the frame") {
  ModelCard c = card(64, 64);
  c.spacingMm = 1.5;
  // 0.75 mm pixels: a 64 px input at 1.5 mm covers 128 image pixels.
  const std::vector<SourceRegion> fine = inputRegions(c, 300, 100, std::array<double, 2>{0.75, 0.75});
  REQUIRE_FALSE(fine.empty());
  CHECK(fine.front().width == Approx(128));
  CHECK(fine.front().height == Approx(128));
  CHECK(fine.back().x + fine.back().width == Approx(300));  // the last tile ends at the edge
  CHECK(fine.front().y == Approx(-14));                     // centred across a frame smaller than a tile
  // 3 mm pixels: one region of 32 image pixels, the whole 32x32 frame.
  CHECK(inputRegions(c, 32, 32, std::array<double, 2>{3.0, 3.0}) == std::vector<SourceRegion>{{0, 0, 32, 32}});
  // Spacing unknown: as without it.
  CHECK(inputRegions(c, 300, 100) == std::vector<SourceRegion>{{0, -100, 300, 300}});
  // A spacing no scanner writes (a damaged header) would need millions of
  // tiles: taken as unknown.
  CHECK(inputRegions(c, 300, 100, std::array<double, 2>{1e10, 1e10}) == std::vector<SourceRegion>{{0, -100, 300, 300}});
  // A classifier sees the whole frame whatever the spacing.
  c.task = ModelTask::kClassification;
  CHECK(inputRegions(c, 300, 100, std::array<double, 2>{0.75, 0.75}) == std::vector<SourceRegion>{{0, -100, 300, 300}});
}
