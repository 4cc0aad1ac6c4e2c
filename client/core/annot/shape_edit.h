// Geometry the drawing tools need: what is under the cursor, the vertex or
// edge being grabbed, freehand paths thinned to the vertices that matter,
// and shapes moved (copy to the next slice keeps the position).
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "client/core/annot/geometry.h"

namespace limn::annot {

double distance(Point a, Point b);
double distanceToSegment(Point p, Point a, Point b);
bool insidePolygon(const std::vector<Point>& vertices, Point p);  // even-odd rule

// The vertex nearest `p` within `tolerance`, if any.
std::optional<std::size_t> nearestVertex(const std::vector<Point>& vertices, Point p, double tolerance);
// The edge (index of its first vertex) nearest `p` within `tolerance`;
// `closed` includes the edge from the last vertex back to the first.
std::optional<std::size_t> nearestEdge(const std::vector<Point>& vertices, bool closed, Point p, double tolerance);

// Whether `p` picks the shape: inside a box, polygon or mask pixel, or
// within `tolerance` of a line or landmark.
bool hitShape(const Shape& s, Point p, double tolerance);

// The vertices a person can drag: a polygon's, a polyline's, landmarks, a
// box's four corners (clockwise from the top-left); none for masks and
// classifications. withVertices puts edited ones back (a box takes the
// extent of its corners, so dragging one corner resizes it).
std::vector<Point> editableVertices(const Shape& s);
Shape withVertices(const Shape& s, std::vector<Point> vertices);

// Douglas-Peucker: drops vertices that lie within `tolerance` of the path
// through the kept ones. Keeps the first and last.
std::vector<Point> simplifyPath(const std::vector<Point>& path, double tolerance);

// The shape moved by (dx, dy) pixels; masks move by whole pixels and are
// clipped to their image.
Shape translated(const Shape& s, double dx, double dy);

}  // namespace limn::annot
