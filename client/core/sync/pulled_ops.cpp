#include "client/core/sync/pulled_ops.h"

#include "client/core/sync/op_sealing.h"
#include "shared/encoding/json_fields.h"
#include "shared/sync/op_lane.h"

namespace limn::sync {

nlohmann::json refusedOpToJson(const RefusedOp& refused) {
  return {{"seq", refused.seq}, {"op", refused.opId}, {"author", refused.author}, {"reason", refused.reason}};
}

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
    if (!op && op.error().code != ErrorCode::kAuthorFault)
      return makeError(op.error().code, op.error().message + "; nothing applied");
    // The log's order is checked on the envelope's id, which the signer
    // signed, whether or not its content opens.
    const auto id = parseOpId(envelope->address.opId);  // openAnnotationOp checked that it parses
    if (!next.opIds.insert(envelope->address.opId).second)
      return makeError(ErrorCode::kCryptoFailure, "the server sent op " + envelope->address.opId + " twice; nothing applied");
    auto [last, first] = next.lastCounter.try_emplace({id->author, opLane(id->counter)}, id->counter);
    if (!first) {
      if (id->counter <= last->second)
        return makeError(ErrorCode::kCryptoFailure, "the server's op log reorders " + id->author + "'s ops (" +
                                                        envelope->address.opId + " after counter " +
                                                        std::to_string(last->second) + "); nothing applied");
      last->second = id->counter;
    }
    if (op)
      page.ops.push_back({seq, textField(item, "author"), integerField(item, "received_at").value_or(0), std::move(*op)});
    else
      page.refused.push_back({seq, envelope->address.opId, id->author, op.error().message});
    page.lastSeq = seq;
  }
  accepted = std::move(next);
  return page;
}

}  // namespace limn::sync
