#include "client/core/annot/op.h"

#include "client/core/annot/annot_json.h"
#include "shared/encoding/json_error.h"
#include "shared/encoding/json_fields.h"

namespace limn::annot {

namespace {

using nlohmann::json;

constexpr std::string_view kKindNames[] = {"create", "edit_geometry", "set_label", "set_attributes", "set_status",
                                           "delete", "comment", "undo", "redo"};

OpKind kindFrom(const std::string& name) {
  for (std::size_t i = 0; i < std::size(kKindNames); ++i)
    if (kKindNames[i] == name) return static_cast<OpKind>(i);
  throw json::other_error::create(501, "unknown op kind '" + name + "'", nullptr);
}

json idJson(const OpId& id) { return {{"author", id.author}, {"counter", id.counter}}; }
OpId idFrom(const json& j) { return {j.at("author").get<std::string>(), j.at("counter").get<std::uint64_t>()}; }

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
  if (integerAs<int>(j.at("v"), "v") != kOpFormatVersion)
    throw json::other_error::create(501, "op format version " + j.at("v").dump() + " is not supported", nullptr);
  Op op;
  op.id = idFrom(j.at("id"));
  op.lamport = j.at("lamport").get<std::uint64_t>();
  // Far beyond any real history; above it the next local op's clock would
  // wrap to 0 and sort before everything (and JavaScript loses the digits).
  if (op.lamport > kMaxLamport)
    throw json::other_error::create(501, "op lamport clock " + j.at("lamport").dump() + " is beyond 2^53", nullptr);
  op.timeMs = j.value("time_ms", std::int64_t{0});
  op.guidelineVersion = j.value("guideline_version", "");
  op.kind = kindFrom(j.at("kind").get<std::string>());
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
      op.comment = Comment{c.value("author", ""), c.value("time_ms", std::int64_t{0}), c.at("text").get<std::string>()};
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
    return opFromJsonValue(json::parse(text));
  } catch (const json::exception& e) {
    return makeError(ErrorCode::kInvalidArgument, "malformed op: " + jsonErrorText(e));
  }
}

}  // namespace limn::annot
