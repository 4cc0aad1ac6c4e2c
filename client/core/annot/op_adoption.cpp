#include "client/core/annot/op_adoption.h"

#include <map>

#include "shared/crypto/sha256.h"
#include "shared/sync/op_lane.h"

namespace limn::annot {

std::vector<Op> adoptOps(const std::vector<Op>& ops, const std::string& author, std::uint64_t lane) {
  std::map<OpId, OpId> renamed;
  std::uint64_t counter = sync::laneStart(lane);
  std::vector<Op> out = ops;
  for (Op& op : out) {
    if (sync::laneFull(counter)) counter = sync::laneStart(sync::drawOpLane());
    const OpId fresh{author, ++counter};
    renamed[op.id] = fresh;
    op.id = fresh;
  }
  for (Op& op : out)
    if (auto it = renamed.find(op.targetOp); it != renamed.end() && (op.kind == OpKind::kUndo || op.kind == OpKind::kRedo))
      op.targetOp = it->second;
  return out;
}

std::uint64_t adoptionLane(const std::string& scope, const std::vector<Op>& ops) {
  std::string text = scope;
  for (const Op& op : ops) text += "\n" + opToJson(op);
  const auto digest = crypto::sha256({reinterpret_cast<const std::uint8_t*>(text.data()), text.size()});
  std::uint64_t r = 0;
  for (std::size_t i = 0; i < 8; ++i) r = r << 8 | digest[i];
  const std::uint64_t lane = r & sync::kMaxOpLane;
  return lane == 0 ? 1 : lane;
}

}  // namespace limn::annot
