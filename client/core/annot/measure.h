// Measurements in millimetres from image pixel coordinates, through the
// image's pixel spacing (PixelSpacing, else ImagerPixelSpacing: mm between
// rows, then between columns; rows are y, columns x).
#pragma once

#include <array>
#include <optional>

#include "client/core/annot/geometry.h"

namespace limn::annot {

struct PixelSpacingMm {
  double row = 1;     // mm between row centres (a step in y)
  double column = 1;  // mm between column centres (a step in x)
};

// Area of a closed polygon in square pixels (shoelace).
double polygonArea(const std::vector<Point>& vertices);

// Sum of segment lengths of a polyline (a ruler is two points).
double lengthMm(const std::vector<Point>& vertices, PixelSpacingMm s);
// Area of a closed polygon (shoelace) or a mask, in mm².
double areaMm2(const Polygon& p, PixelSpacingMm s);
double areaMm2(const Mask& m, PixelSpacingMm s);
// The angle at the middle of three points, in degrees (0..180), in mm space.
std::optional<double> angleDegrees(const std::vector<Point>& threePoints, PixelSpacingMm s);

}  // namespace limn::annot
