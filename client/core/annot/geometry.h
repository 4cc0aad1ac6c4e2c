// Annotation geometry in image pixel coordinates, float64 (sub-pixel): x to
// the right, y down, (0, 0) the top-left corner of the first pixel, so the
// centre of pixel (i, j) is (i + 0.5, j + 0.5).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace limn::annot {

struct Point {
  double x = 0, y = 0;
  bool operator==(const Point&) const = default;
};

struct Box {
  double x = 0, y = 0, width = 0, height = 0;
  bool operator==(const Box&) const = default;
};

struct Polygon {  // closed; vertices in order, the last joins the first
  std::vector<Point> vertices;
  bool operator==(const Polygon&) const = default;
};

struct Polyline {  // open: freehand contours in progress, rulers (2 points), angles (3 points)
  std::vector<Point> vertices;
  bool operator==(const Polyline&) const = default;
};

struct Points {  // landmarks
  std::vector<Point> points;
  bool operator==(const Points&) const = default;
};

// The largest image an annotation may describe, checked wherever one is
// read from a file or a peer: DICOM's Rows and Columns are 16-bit, and 2^28
// pixels (16384 x 16384) keeps a mask's bits well inside a browser's 32-bit
// memory, so no width x height below can overflow there.
constexpr std::uint32_t kMaxImageSide = 65535;
constexpr std::uint64_t kMaxImagePixels = std::uint64_t{1} << 28;
constexpr bool imageSizeAllowed(std::uint64_t width, std::uint64_t height) {
  return width <= kMaxImageSide && height <= kMaxImageSide && width * height <= kMaxImagePixels;
}

// A binary mask of one frame as run lengths over rows (row-major): runs
// alternate background, foreground, starting with background (possibly 0).
struct Mask {
  std::uint32_t width = 0, height = 0;
  std::vector<std::uint32_t> runs;
  bool operator==(const Mask&) const = default;
};

struct Classification {  // a label for a whole image, series or study
  bool operator==(const Classification&) const = default;
};

enum class ShapeKind : std::uint8_t { kBox, kPolygon, kPolyline, kPoints, kMask, kClassification };

using Shape = std::variant<Box, Polygon, Polyline, Points, Mask, Classification>;

ShapeKind kindOf(const Shape& s);
std::string_view shapeKindName(ShapeKind k);  // "box", "polygon", ...
bool parseShapeKind(std::string_view name, ShapeKind& out);

// The tightest box around a shape (masks: their foreground; empty: zero box).
Box boundingBox(const Shape& s);

// Masks from and to one byte per pixel (0 or 1), row-major.
Mask maskFromBits(std::uint32_t width, std::uint32_t height, const std::vector<std::uint8_t>& bits);
std::vector<std::uint8_t> maskBits(const Mask& m);
std::uint64_t maskArea(const Mask& m);

}  // namespace limn::annot
