// Small synthetic images for the segmentation tests: discs and balls of a
// value on a background, with reproducible noise.
#pragma once

#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "client/core/annot/geometry.h"
#include "client/core/segment/voxel_grid.h"

namespace limn::segment::test {

// A w x h x d grid of `background`, with a ball of `inside` at (cx, cy, cz)
// of radius r (pixel centres), plus uniform noise in [-noise, noise].
inline std::vector<float> ballImage(GridSize s, double cx, double cy, double cz, double r, float background,
                                    float inside, float noise, VoxelMask* truth = nullptr) {
  std::mt19937 rng(42);
  std::uniform_real_distribution<float> jitter(-noise, noise);
  std::vector<float> v(s.count());
  if (truth) truth->assign(s.count(), 0);
  for (std::uint32_t z = 0; z < s.depth; ++z)
    for (std::uint32_t y = 0; y < s.height; ++y)
      for (std::uint32_t x = 0; x < s.width; ++x) {
        const bool in = std::hypot(std::hypot(x + 0.5 - cx, y + 0.5 - cy), z + 0.5 - cz) <= r;
        v[s.index(x, y, z)] = (in ? inside : background) + (noise > 0 ? jitter(rng) : 0.f);
        if (truth) (*truth)[s.index(x, y, z)] = in;
      }
  return v;
}

// Even-odd test of pixel centres against a polygon (centres never lie on
// edges of a polygon along pixel edges).
inline VoxelMask rasterise(const std::vector<limn::annot::Point>& poly, std::uint32_t w, std::uint32_t h) {
  VoxelMask m(std::size_t{w} * h, 0);
  for (std::uint32_t y = 0; y < h; ++y)
    for (std::uint32_t x = 0; x < w; ++x) {
      const double px = x + 0.5, py = y + 0.5;
      bool in = false;
      for (std::size_t i = 0, j = poly.size() - 1; i < poly.size(); j = i++)
        if ((poly[i].y > py) != (poly[j].y > py) &&
            px < (poly[j].x - poly[i].x) * (py - poly[i].y) / (poly[j].y - poly[i].y) + poly[i].x)
          in = !in;
      m[std::size_t{y} * w + x] = in;
    }
  return m;
}

}  // namespace limn::segment::test
