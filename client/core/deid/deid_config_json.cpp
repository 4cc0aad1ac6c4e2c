#include "client/core/deid/deid_config_json.h"

#include <nlohmann/json.hpp>

#include <charconv>

#include "shared/encoding/json_error.h"
#include "shared/encoding/json_fields.h"

namespace limn::deid {

namespace {

using nlohmann::json;

Result<RedactionBox> boxFrom(const json& j) {
  if (!j.is_array() || j.size() != 4)
    return makeError(ErrorCode::kInvalidArgument, "a redaction box is [x, y, width, height]");
  std::uint32_t v[4];
  for (int i = 0; i < 4; ++i) {
    if (!j[i].is_number_unsigned() || j[i].get<std::uint64_t>() > 65535)
      return makeError(ErrorCode::kInvalidArgument, "redaction box values are pixel counts 0..65535");
    v[i] = j[i].get<std::uint32_t>();
  }
  if (!v[2] || !v[3]) return makeError(ErrorCode::kInvalidArgument, "a redaction box needs a width and a height");
  return RedactionBox{v[0], v[1], v[2], v[3]};
}

Result<std::vector<RedactionBox>> boxesFrom(const json& j) {
  if (!j.is_array()) return makeError(ErrorCode::kInvalidArgument, "\"boxes\" must be an array of boxes");
  std::vector<RedactionBox> boxes;
  for (const json& b : j) {
    auto box = boxFrom(b);
    if (!box) return box.error();
    boxes.push_back(*box);
  }
  return boxes;
}

Result<std::vector<RedactionTemplate>> templatesFrom(const json& j) {
  if (!j.is_array()) return makeError(ErrorCode::kInvalidArgument, "redaction templates must be a JSON array");
  std::vector<RedactionTemplate> out;
  for (const json& t : j) {
    if (!t.is_object() || !t.contains("boxes"))
      return makeError(ErrorCode::kInvalidArgument, "each redaction template is an object with \"boxes\"");
    RedactionTemplate r;
    r.manufacturer = t.value("manufacturer", "");
    r.model = t.value("model", "");
    r.rows = integerAs(t, "rows", 0u);
    r.columns = integerAs(t, "columns", 0u);
    auto boxes = boxesFrom(t.at("boxes"));
    if (!boxes) return boxes.error();
    r.boxes = std::move(*boxes);
    out.push_back(std::move(r));
  }
  return out;
}

template <typename T>
Result<T> guarded(std::string_view text, Result<T> (*fn)(const json&)) {
  try {
    return fn(json::parse(text));
  } catch (const json::exception& e) {
    return makeError(ErrorCode::kInvalidArgument, "malformed JSON: " + jsonErrorText(e));
  }
}

Result<DeidConfig> configFrom(const json& j) {
  if (!j.is_object()) return makeError(ErrorCode::kInvalidArgument, "the settings must be a JSON object");
  DeidConfig c;
  if (j.contains("profile")) {
    auto p = parseProfileName(j.at("profile").get<std::string>());
    if (!p) return p.error();
    c.profile = *p;
  }
  for (const json& o : j.value("options", json::array())) {
    auto opt = parseOptionName(o.get<std::string>());
    if (!opt) return opt.error();
    c.options.set(static_cast<std::size_t>(*opt));
  }
  if (j.contains("secret")) {
    const std::string secret = j.at("secret").get<std::string>();
    auto key = projectKeyFromSecret({reinterpret_cast<const std::uint8_t*>(secret.data()), secret.size()});
    if (!key) return key.error();
    c.key = *key;
    c.keyIsEphemeral = j.value("ephemeral", false);
  } else {
    c.key = ephemeralProjectKey();
    c.keyIsEphemeral = true;
  }
  c.minK = integerAs(j, "min_k", 5u);
  c.burnedIn.releaseReviewed = j.value("release_reviewed", false);
  if (j.contains("boxes")) {
    auto boxes = boxesFrom(j.at("boxes"));
    if (!boxes) return boxes.error();
    c.burnedIn.boxes = std::move(*boxes);
  }
  if (j.contains("templates")) {
    auto t = templatesFrom(j.at("templates"));
    if (!t) return t.error();
    c.burnedIn.templates = std::move(*t);
  }
  return c;
}

}  // namespace

Result<DeidConfig> deidConfigFromJson(std::string_view text) { return guarded<DeidConfig>(text, configFrom); }

Result<std::vector<RedactionTemplate>> redactionTemplatesFromJson(std::string_view text) {
  return guarded<std::vector<RedactionTemplate>>(text, templatesFrom);
}

Result<RedactionBox> parseRedactionBox(std::string_view text) {
  std::uint32_t v[4];
  const char* p = text.data();
  const char* end = text.data() + text.size();
  for (int i = 0; i < 4; ++i) {
    auto [next, ec] = std::from_chars(p, end, v[i]);
    if (ec != std::errc() || v[i] > 65535 || (i < 3 ? (next == end || *next != ',') : next != end))
      return makeError(ErrorCode::kInvalidArgument, "a box is X,Y,W,H in pixels, e.g. 0,0,640,40");
    p = next + 1;
  }
  if (!v[2] || !v[3]) return makeError(ErrorCode::kInvalidArgument, "a box needs a width and a height");
  return RedactionBox{v[0], v[1], v[2], v[3]};
}

}  // namespace limn::deid
