#include "client/core/deid/profile_table.h"

#include <algorithm>
#include <array>
#include <vector>

namespace limn::deid {

namespace {

constexpr ProfileRow kRows[] = {
#include "client/core/deid/profile_table.inc"
};

}  // namespace

std::span<const ProfileRow> profileTable() { return kRows; }

namespace {

// Exact rows sorted by tag for binary search; the few pattern rows apart.
struct RowIndex {
  std::vector<const ProfileRow*> exact;
  std::vector<const ProfileRow*> patterns;
  RowIndex() {
    for (const ProfileRow& r : kRows) {
      if (r.tag == kPrivateRuleTag) continue;
      (r.mask == 0xFFFFFFFFu ? exact : patterns).push_back(&r);
    }
    std::sort(exact.begin(), exact.end(), [](auto* a, auto* b) { return a->tag < b->tag; });
  }
};

const RowIndex& rowIndex() {
  static const RowIndex index;
  return index;
}

}  // namespace

const ProfileRow* findProfileRow(std::uint32_t tag) {
  const RowIndex& index = rowIndex();
  auto it = std::lower_bound(index.exact.begin(), index.exact.end(), tag,
                             [](const ProfileRow* r, std::uint32_t t) { return r->tag < t; });
  if (it != index.exact.end() && (*it)->tag == tag) return *it;
  for (const ProfileRow* r : index.patterns)
    if ((tag & r->mask) == r->tag) return r;
  return nullptr;
}

const ProfileRow& privateAttributesRow() {
  static const ProfileRow* row = [] {
    for (const ProfileRow& r : kRows)
      if (r.tag == kPrivateRuleTag) return &r;
    return static_cast<const ProfileRow*>(nullptr);
  }();
  return *row;
}

std::string_view basicActionCode(BasicAction a) {
  switch (a) {
    case BasicAction::kD: return "D";
    case BasicAction::kZ: return "Z";
    case BasicAction::kX: return "X";
    case BasicAction::kK: return "K";
    case BasicAction::kC: return "C";
    case BasicAction::kU: return "U";
    case BasicAction::kXZ: return "X/Z";
    case BasicAction::kXD: return "X/D";
    case BasicAction::kXZD: return "X/Z/D";
    case BasicAction::kZD: return "Z/D";
    case BasicAction::kXZU: return "X/Z/U*";
  }
  return "?";
}

}  // namespace limn::deid
