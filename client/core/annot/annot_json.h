// JSON forms of annotation values, shared by ops, the annotation file and
// the exports. Doubles are written shortest-round-trip, so coordinates come
// back to the last bit.
#pragma once

#include <nlohmann/json.hpp>

#include "client/core/annot/annotation.h"

namespace limn::annot {

nlohmann::json shapeToJson(const Shape& s);
Shape shapeFromJson(const nlohmann::json& j);  // throws nlohmann::json::exception on bad input

nlohmann::json annotationToJson(const Annotation& a);
Annotation annotationFromJson(const nlohmann::json& j);

struct Op;
// An op as a JSON value (op.h's string forms wrap these).
nlohmann::json opToJsonValue(const Op& op);
Op opFromJsonValue(const nlohmann::json& j);  // throws nlohmann::json::exception

std::string_view levelName(Level l);
Level levelFromName(std::string_view name);

}  // namespace limn::annot
