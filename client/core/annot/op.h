// Operations: every change to annotations is one, and the document is the
// deterministic fold of its ops (annotation_document.h). An op is the unit of
// sync, audit and undo, so it stays small, versioned and serialisable.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "client/core/annot/annotation.h"
#include "shared/error/result.h"

namespace limn::annot {

inline constexpr int kOpFormatVersion = 1;
inline constexpr std::uint64_t kMaxLamport = std::uint64_t{1} << 53;  // see opFromJsonValue

enum class OpKind : std::uint8_t {
  kCreate,         // annotation: the whole new annotation
  kEditGeometry,   // shape
  kSetLabel,       // label
  kSetAttributes,  // attributes (replaces the map)
  kSetStatus,      // status, hidden, locked
  kDelete,
  kComment,        // comment
  kUndo,           // undoes op `targetOp`
  kRedo,           // redoes op `targetOp`
};

std::string_view opKindName(OpKind k);

// Identity and order: ops sort by (lamport, author, counter); the pair
// (author, counter) names an op uniquely.
struct OpId {
  std::string author;
  std::uint64_t counter = 0;
  bool operator==(const OpId&) const = default;
  bool operator<(const OpId& o) const { return author != o.author ? author < o.author : counter < o.counter; }
};

struct Op {
  OpId id;
  std::uint64_t lamport = 0;
  std::int64_t timeMs = 0;
  std::string guidelineVersion;
  OpKind kind = OpKind::kCreate;
  std::string annotation;  // the annotation it changes (all but undo/redo)
  OpId targetOp;           // undo/redo
  // Payload, by kind.
  std::optional<Annotation> created;
  std::optional<Shape> shape;
  std::string label;
  std::map<std::string, std::string> attributes;
  std::string status;
  bool hidden = false, locked = false;
  std::optional<Comment> comment;
};

bool opOrder(const Op& a, const Op& b);  // the fold's order

// JSON: one object per op, {"v": 1, "kind": "create", ...}. An op of a
// format version or kind this build does not know is kUnsupportedEncoding
// (a newer Limn's), anything else wrong kInvalidArgument.
std::string opToJson(const Op& op);
Result<Op> opFromJson(std::string_view json);

}  // namespace limn::annot
