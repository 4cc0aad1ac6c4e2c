#include "client/core/annot/op.h"

#include "client/core/annot/annot_json.h"
#include "shared/encoding/json_error.h"
#include "shared/encoding/json_fields.h"

namespace limn::annot {

namespace {

using nlohmann::json;

constexpr std::string_view kKindNames[] = {"create", "edit_geometry", "set_label", "set_attributes", "set_status",
                                           "delete", "comment", "undo", "redo"};

std::optional<OpKind> kindNamed(std::string_view name) {
  for (std::size_t i = 0; i < std::size(kKindNames); ++i)
    if (kKindNames[i] == name) return static_cast<OpKind>(i);
  return std::nullopt;
}

// Why this build cannot read `j` as an op, when it names a format version
// or a kind it does not know: a newer Limn may have made it.
std::optional<std::string> unsupported(const json& j) {
  if (j.is_object() && j.contains("v") && j["v"] != json(kOpFormatVersion))
    return "op format version " + j["v"].dump() + " is not supported";
  if (j.is_object() && j.contains("kind") && j["kind"].is_string() && !kindNamed(j["kind"].get<std::string>()))
    return "unknown op kind '" + j["kind"].get<std::string>() + "'";
  return std::nullopt;
}

json idJson(const OpId& id) { return {{"author", id.author}, {"counter", id.counter}}; }
OpId idFrom(const json& j) { return {j.at("author").get<std::string>(), integerAs<std::uint64_t>(j.at("counter"), "counter")}; }

}  // namespace

std::string_view opKindName(OpKind k) { return kKindNames[static_cast<std::size_t>(k)]; }

bool opOrder(const Op& a, const Op& b) {
  if (a.lamport != b.lamport) return a.lamport < b.lamport;
  return a.id < b.id;
}

json opToJsonValue(const Op& op) {
  json j = {{"v", kOpFormatVersion}, {"id", idJson(op.id)},          {"lamport", op.lamport},
            {"time_ms", op.timeMs},  {"guideline_version", op.guidelineVersion}, {"kind", opKindName(op.kind)}};
  switch (op.kind) {
    case OpKind::kCreate: j["annotation"] = annotationToJson(*op.created); break;
    case OpKind::kEditGeometry: j["shape"] = shapeToJson(*op.shape); break;
    case OpKind::kSetLabel: j["label"] = op.label; break;
    case OpKind::kSetAttributes: j["attributes"] = op.attributes; break;
    case OpKind::kSetStatus: j.update({{"status", op.status}, {"hidden", op.hidden}, {"locked", op.locked}}); break;
    case OpKind::kDelete: break;
    case OpKind::kComment: j["comment"] = {{"author", op.comment->author}, {"time_ms", op.comment->timeMs},
                                           {"text", op.comment->text}}; break;
    case OpKind::kUndo:
    case OpKind::kRedo: j["target"] = idJson(op.targetOp); break;
  }
  if (op.kind != OpKind::kUndo && op.kind != OpKind::kRedo && op.kind != OpKind::kCreate)
    j["target_annotation"] = op.annotation;
  return j;
}

Op opFromJsonValue(const json& j) {
  if (auto why = unsupported(j)) throw json::other_error::create(501, *why, nullptr);
  (void)j.at("v");  // required; its value was checked above
  Op op;
  op.id = idFrom(j.at("id"));
  op.lamport = integerAs<std::uint64_t>(j.at("lamport"), "lamport");
  // Far beyond any real history; above it the next local op's clock would
  // wrap to 0 and sort before everything (and JavaScript loses the digits).
  if (op.lamport > kMaxLamport)
    throw json::other_error::create(501, "op lamport clock " + j.at("lamport").dump() + " is beyond 2^53", nullptr);
  op.timeMs = integerAs(j, "time_ms", std::int64_t{0});
  op.guidelineVersion = j.value("guideline_version", "");
  op.kind = *kindNamed(j.at("kind").get<std::string>());
  switch (op.kind) {
    case OpKind::kCreate:
      op.created = annotationFromJson(j.at("annotation"));
      op.annotation = op.created->id;
      break;
    case OpKind::kEditGeometry: op.shape = shapeFromJson(j.at("shape")); break;
    case OpKind::kSetLabel: op.label = j.at("label").get<std::string>(); break;
    case OpKind::kSetAttributes: op.attributes = j.at("attributes").get<std::map<std::string, std::string>>(); break;
    case OpKind::kSetStatus:
      op.status = j.at("status").get<std::string>();
      op.hidden = j.value("hidden", false);
      op.locked = j.value("locked", false);
      break;
    case OpKind::kDelete: break;
    case OpKind::kComment: {
      const json& c = j.at("comment");
      op.comment = Comment{c.value("author", ""), integerAs(c, "time_ms", std::int64_t{0}), c.at("text").get<std::string>()};
      break;
    }
    case OpKind::kUndo:
    case OpKind::kRedo: op.targetOp = idFrom(j.at("target")); break;
  }
  if (op.kind != OpKind::kUndo && op.kind != OpKind::kRedo && op.kind != OpKind::kCreate)
    op.annotation = j.at("target_annotation").get<std::string>();
  return op;
}

std::string opToJson(const Op& op) { return opToJsonValue(op).dump(); }

Result<Op> opFromJson(std::string_view text) {
  try {
    const json j = json::parse(text);
    if (auto why = unsupported(j))
      return makeError(ErrorCode::kUnsupportedEncoding, *why + ": a newer Limn made it; update this one to read it");
    return opFromJsonValue(j);
  } catch (const json::exception& e) {
    return makeError(ErrorCode::kInvalidArgument, "malformed op: " + jsonErrorText(e));
  }
}

}  // namespace limn::annot
