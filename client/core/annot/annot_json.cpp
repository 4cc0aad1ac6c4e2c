#include "client/core/annot/annot_json.h"
#include "shared/encoding/json_fields.h"

namespace limn::annot {

namespace {

using nlohmann::json;

json pointsJson(const std::vector<Point>& pts) {
  json a = json::array();
  for (const Point& p : pts) a.push_back({p.x, p.y});
  return a;
}

std::vector<Point> pointsFrom(const json& j) {
  std::vector<Point> pts;
  for (const json& p : j) pts.push_back({p.at(0).get<double>(), p.at(1).get<double>()});
  return pts;
}

[[noreturn]] void bad(const std::string& what) {
  throw json::other_error::create(501, what, nullptr);
}

}  // namespace

std::string_view levelName(Level l) {
  switch (l) {
    case Level::kImage: return "image";
    case Level::kSeries: return "series";
    case Level::kStudy: return "study";
  }
  return "image";
}

Level levelFromName(std::string_view name) {
  if (name == "image") return Level::kImage;
  if (name == "series") return Level::kSeries;
  if (name == "study") return Level::kStudy;
  bad("unknown level '" + std::string(name) + "'");
}

json shapeToJson(const Shape& s) {
  json j = {{"type", shapeKindName(kindOf(s))}};
  if (const Box* b = std::get_if<Box>(&s)) j["box"] = {b->x, b->y, b->width, b->height};
  if (const Polygon* p = std::get_if<Polygon>(&s)) j["points"] = pointsJson(p->vertices);
  if (const Polyline* p = std::get_if<Polyline>(&s)) j["points"] = pointsJson(p->vertices);
  if (const Points* p = std::get_if<Points>(&s)) j["points"] = pointsJson(p->points);
  if (const Mask* m = std::get_if<Mask>(&s)) j.update({{"width", m->width}, {"height", m->height}, {"runs", m->runs}});
  return j;
}

Shape shapeFromJson(const json& j) {
  ShapeKind kind;
  if (!parseShapeKind(j.at("type").get<std::string>(), kind)) bad("unknown shape type " + j.at("type").dump());
  switch (kind) {
    case ShapeKind::kBox: {
      const json& b = j.at("box");
      return Box{b.at(0).get<double>(), b.at(1).get<double>(), b.at(2).get<double>(), b.at(3).get<double>()};
    }
    case ShapeKind::kPolygon: return Polygon{pointsFrom(j.at("points"))};
    case ShapeKind::kPolyline: return Polyline{pointsFrom(j.at("points"))};
    case ShapeKind::kPoints: return Points{pointsFrom(j.at("points"))};
    case ShapeKind::kMask: {
      const auto width = integerAs<std::uint32_t>(j.at("width"), "width"), height = integerAs<std::uint32_t>(j.at("height"), "height");
      if (!imageSizeAllowed(width, height))
        bad("a mask of " + std::to_string(width) + "x" + std::to_string(height) + " pixels is larger than any image");
      Mask m{width, height, j.at("runs").get<std::vector<std::uint32_t>>()};
      std::uint64_t total = 0;
      for (std::uint32_t r : m.runs) total += r;
      if (total != std::uint64_t{m.width} * m.height) bad("mask runs do not cover width x height");
      return m;
    }
    case ShapeKind::kClassification: return Classification{};
  }
  bad("unknown shape");
}

json annotationToJson(const Annotation& a) {
  json comments = json::array();
  for (const Comment& c : a.comments) comments.push_back({{"author", c.author}, {"time_ms", c.timeMs}, {"text", c.text}});
  return {{"id", a.id},
          {"image", a.image.image},
          {"frame", a.image.frame},
          {"label", a.label},
          {"shape", shapeToJson(a.shape)},
          {"level", levelName(a.level)},
          {"attributes", a.attributes},
          {"source", a.source},
          {"confidence", a.confidence},
          {"author", a.author},
          {"status", a.status},
          {"guideline_version", a.guidelineVersion},
          {"comments", comments},
          {"hidden", a.hidden},
          {"locked", a.locked}};
}

Annotation annotationFromJson(const json& j) {
  Annotation a;
  a.id = j.at("id").get<std::string>();
  a.image = {j.at("image").get<std::string>(), integerAs(j, "frame", 0u)};
  a.label = j.at("label").get<std::string>();
  a.shape = shapeFromJson(j.at("shape"));
  a.level = levelFromName(j.value("level", "image"));
  a.attributes = j.value("attributes", std::map<std::string, std::string>{});
  a.source = j.value("source", "human");
  a.confidence = j.value("confidence", 1.0);
  a.author = j.value("author", "");
  a.status = j.value("status", "draft");
  a.guidelineVersion = j.value("guideline_version", "");
  for (const json& c : j.value("comments", json::array()))
    a.comments.push_back({c.value("author", ""), integerAs(c, "time_ms", std::int64_t{0}), c.at("text").get<std::string>()});
  a.hidden = j.value("hidden", false);
  a.locked = j.value("locked", false);
  return a;
}

}  // namespace limn::annot
