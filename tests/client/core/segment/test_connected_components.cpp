#include <catch2/catch.hpp>

#include "client/core/segment/connected_components.h"

using namespace limn::segment;

TEST_CASE("Connected components: faces split diagonal neighbours, full connectivity joins them") {
  // 1 . . 1 1
  // . 1 . . 1
  // . . . 1 1
  const GridSize s{5, 3, 1};
  const VoxelMask m{1, 0, 0, 1, 1,  //
                    0, 1, 0, 0, 1,  //
                    0, 0, 0, 1, 1};
  const ComponentLabels faces = connectedComponents(s, m, Connectivity::kFaces);
  REQUIRE(faces.components.size() == 3);
  CHECK(faces.components[0].area == 1);
  CHECK(faces.components[1].area == 5);  // the C on the right
  CHECK(faces.components[1].x0 == 3);
  CHECK(faces.components[1].x1 == 5);
  CHECK(faces.components[1].y1 == 3);
  CHECK(faces.components[2].area == 1);
  CHECK(faces.labels[s.index(1, 1)] == 3);
  const ComponentLabels all = connectedComponents(s, m, Connectivity::kFacesEdgesCorners);
  REQUIRE(all.components.size() == 2);
  CHECK(all.components[0].area == 2);
  CHECK(componentMask(all, 1) == VoxelMask{1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0});
}

TEST_CASE("Connected components join a U whose arms meet only at the bottom") {
  // 1 . 1
  // 1 . 1
  // 1 1 1
  const GridSize s{3, 3, 1};
  const ComponentLabels l = connectedComponents(s, {1, 0, 1, 1, 0, 1, 1, 1, 1});
  REQUIRE(l.components.size() == 1);
  CHECK(l.components[0].area == 7);
  CHECK(l.labels[2] == 1);
}
