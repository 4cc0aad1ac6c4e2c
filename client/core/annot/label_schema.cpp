#include "client/core/annot/label_schema.h"

#include <algorithm>
#include <cstdlib>

#include <nlohmann/json.hpp>

#include "shared/encoding/json_error.h"

namespace limn::annot {

namespace {

using nlohmann::json;

constexpr std::string_view kTiers[] = {"basic", "critical", "rare"};

Result<CodedConcept> parseCode(const json& l, const char* key, const std::string& label) {
  if (!l.contains(key)) return CodedConcept{};
  const json& c = l.at(key);
  CodedConcept code{c.value("scheme", ""), c.value("value", ""), c.value("meaning", "")};
  if (code.scheme.empty() || code.value.empty() || code.meaning.empty())
    return makeError(ErrorCode::kInvalidArgument, "label '" + label + "': " + key + " needs scheme, value and meaning");
  return code;
}

json codeToJson(const CodedConcept& c) { return {{"scheme", c.scheme}, {"value", c.value}, {"meaning", c.meaning}}; }

Result<LabelSchema> parse(const json& j) {
  LabelSchema s;
  s.name = j.at("name").get<std::string>();
  s.version = j.at("version").get<std::string>();
  s.guidelineVersion = j.value("guideline_version", s.version);
  for (const json& l : j.at("labels")) {
    LabelDefinition d;
    d.id = l.at("id").get<std::string>();
    d.name = l.value("name", d.id);
    d.color = l.value("color", "#ff0000");
    if (d.color.size() != 7 || d.color[0] != '#' ||
        d.color.find_first_not_of("0123456789abcdefABCDEF", 1) != std::string::npos)
      return makeError(ErrorCode::kInvalidArgument, "label '" + d.id + "': color must be #rrggbb");
    for (const json& shape : l.at("shapes")) {
      ShapeKind k;
      if (!parseShapeKind(shape.get<std::string>(), k))
        return makeError(ErrorCode::kInvalidArgument, "label '" + d.id + "': unknown shape " + shape.dump());
      d.shapes.push_back(k);
    }
    d.definition = l.value("definition", "");
    d.examples = l.value("examples", "");
    const std::string tier = l.value("tier", "basic");
    auto t = std::find(std::begin(kTiers), std::end(kTiers), tier);
    if (t == std::end(kTiers))
      return makeError(ErrorCode::kInvalidArgument, "label '" + d.id + "': tier is basic, critical or rare");
    d.tier = static_cast<Tier>(t - std::begin(kTiers));
    d.targetAccuracy = l.value("target_accuracy", 0.0);
    for (const json& a : l.value("attributes", json::array()))
      d.attributes.push_back({a.at("name").get<std::string>(), a.value("type", "enum"),
                              a.value("options", std::vector<std::string>{}), a.value("required", false)});
    auto category = parseCode(l, "category_code", d.id);
    if (!category) return category.error();
    auto type = parseCode(l, "type_code", d.id);
    if (!type) return type.error();
    d.category = *category;
    d.type = *type;
    if (s.find(d.id)) return makeError(ErrorCode::kInvalidArgument, "label id '" + d.id + "' appears twice");
    s.labels.push_back(std::move(d));
  }
  return s;
}

bool validValue(const LabelAttribute& attr, const std::string& value) {
  if (attr.type == "enum") return std::find(attr.options.begin(), attr.options.end(), value) != attr.options.end();
  if (attr.type == "bool") return value == "true" || value == "false";
  if (attr.type == "number") {
    char* end = nullptr;
    std::strtod(value.c_str(), &end);
    return !value.empty() && *end == 0;
  }
  return true;  // text
}

}  // namespace

const LabelDefinition* LabelSchema::find(std::string_view id) const {
  for (const LabelDefinition& d : labels)
    if (d.id == id) return &d;
  return nullptr;
}

Result<LabelSchema> labelSchemaFromJson(std::string_view text) {
  try {
    return parse(json::parse(text));
  } catch (const json::exception& e) {
    return makeError(ErrorCode::kInvalidArgument, "malformed label schema: " + jsonErrorText(e));
  }
}

std::string labelSchemaToJson(const LabelSchema& s) {
  json labels = json::array();
  for (const LabelDefinition& d : s.labels) {
    json shapes = json::array();
    for (ShapeKind k : d.shapes) shapes.push_back(shapeKindName(k));
    json attributes = json::array();
    for (const LabelAttribute& a : d.attributes)
      attributes.push_back({{"name", a.name}, {"type", a.type}, {"options", a.options}, {"required", a.required}});
    json label = {{"id", d.id}, {"name", d.name}, {"color", d.color}, {"shapes", shapes},
                  {"definition", d.definition}, {"examples", d.examples},
                  {"tier", kTiers[static_cast<std::size_t>(d.tier)]}, {"target_accuracy", d.targetAccuracy},
                  {"attributes", attributes}};
    if (!d.category.empty()) label["category_code"] = codeToJson(d.category);
    if (!d.type.empty()) label["type_code"] = codeToJson(d.type);
    labels.push_back(std::move(label));
  }
  return json{{"name", s.name}, {"version", s.version}, {"guideline_version", s.guidelineVersion}, {"labels", labels}}
      .dump(2);
}

Status validateAnnotation(const LabelSchema& schema, const Annotation& a, Completeness completeness) {
  const LabelDefinition* d = schema.find(a.label);
  if (!d) return makeError(ErrorCode::kInvalidArgument, "annotation " + a.id + ": unknown label '" + a.label + "'");
  if (std::find(d->shapes.begin(), d->shapes.end(), kindOf(a.shape)) == d->shapes.end())
    return makeError(ErrorCode::kInvalidArgument, "annotation " + a.id + ": label '" + a.label + "' does not allow a " +
                                                       std::string(shapeKindName(kindOf(a.shape))));
  for (const auto& entry : a.attributes) {
    const std::string& name = entry.first;
    auto attr = std::find_if(d->attributes.begin(), d->attributes.end(), [&](const LabelAttribute& x) { return x.name == name; });
    if (attr == d->attributes.end())
      return makeError(ErrorCode::kInvalidArgument, "annotation " + a.id + ": label '" + a.label + "' has no attribute '" + name + "'");
    if (!validValue(*attr, entry.second))
      return makeError(ErrorCode::kInvalidArgument, "annotation " + a.id + ": '" + entry.second + "' is not a valid " + name);
  }
  if (completeness == Completeness::kPreAnnotation) return okStatus();
  for (const LabelAttribute& attr : d->attributes)
    if (attr.required && !a.attributes.count(attr.name))
      return makeError(ErrorCode::kInvalidArgument, "annotation " + a.id + ": attribute '" + attr.name + "' is required");
  return okStatus();
}

}  // namespace limn::annot
