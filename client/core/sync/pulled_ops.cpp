#include "client/core/sync/pulled_ops.h"

#include "client/core/sync/op_sealing.h"
#include "shared/encoding/json_fields.h"
#include "shared/sync/op_lane.h"

namespace limn::sync {

Result<PulledPage> openPulledPage(const nlohmann::json& reply, std::int64_t after, const OpenContext& context,
                                  AcceptedOps& accepted) {
  if (!reply.is_object() || !reply.contains("ops") || !reply["ops"].is_array())
    return makeError(ErrorCode::kInvalidArgument, "the server's reply is not a page of ops");
  PulledPage page;
  page.lastSeq = after;
  page.more = boolField(reply, "more", false);
  AcceptedOps next = accepted;
  for (const auto& item : reply["ops"]) {
    if (!item.is_object() || !item.contains("seq") || !item["seq"].is_number_integer() || !item.contains("envelope"))
      return makeError(ErrorCode::kInvalidArgument, "the server sent a malformed op; nothing applied");
    const std::int64_t seq = item["seq"].get<std::int64_t>();
    if (seq != page.lastSeq + 1)
      return makeError(ErrorCode::kCryptoFailure, "the server's op log is out of order or has a gap (expected seq " +
                                                      std::to_string(page.lastSeq + 1) + ", got " +
                                                      std::to_string(seq) + "); nothing applied");
    auto envelope = envelopeFromJson(item["envelope"]);
    if (!envelope)
      return makeError(ErrorCode::kCryptoFailure, "seq " + std::to_string(seq) + ": " + envelope.error().message +
                                                      "; nothing applied");
    auto op = openAnnotationOp(*envelope, context);
    if (!op) return makeError(op.error().code, op.error().message + "; nothing applied");
    const std::string id = envelopeOpId(op->id);
    if (!next.opIds.insert(id).second)
      return makeError(ErrorCode::kCryptoFailure, "the server sent op " + id + " twice; nothing applied");
    auto [last, first] = next.lastCounter.try_emplace({op->id.author, opLane(op->id.counter)}, op->id.counter);
    if (!first) {
      if (op->id.counter <= last->second)
        return makeError(ErrorCode::kCryptoFailure, "the server's op log reorders " + op->id.author + "'s ops (" + id +
                                                        " after counter " + std::to_string(last->second) +
                                                        "); nothing applied");
      last->second = op->id.counter;
    }
    page.ops.push_back({seq, textField(item, "author"), integerField(item, "received_at").value_or(0), std::move(*op)});
    page.lastSeq = seq;
  }
  accepted = std::move(next);
  return page;
}

}  // namespace limn::sync
