#include "client/core/sync/op_sealing.h"

namespace limn::sync {

std::string envelopeOpId(const annot::OpId& id) { return formatOpId(id.author, id.counter); }

OpEnvelope sealAnnotationOp(const annot::Op& op, const SealTarget& target, const crypto::AeadKey& epochKey,
                            const crypto::SigningKeyPair& author) {
  const std::string json = annot::opToJson(op);
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(json.data());
  return sealOp({target.project, target.task, envelopeOpId(op.id), target.epoch}, {bytes, json.size()}, epochKey,
                author);
}

Result<annot::Op> openAnnotationOp(const OpEnvelope& envelope, const OpenContext& context) {
  auto plain = openOp(envelope, context);
  if (!plain) return plain.error();
  auto op = annot::opFromJson(std::string_view(reinterpret_cast<const char*>(plain->data()), plain->size()));
  if (!op)
    return makeError(ErrorCode::kAuthorFault, "op " + envelope.address.opId + " is not an annotation op: " + op.error().message);
  if (envelopeOpId(op->id) != envelope.address.opId)
    return makeError(ErrorCode::kAuthorFault,
                     "op " + envelope.address.opId + " holds another op (" + envelopeOpId(op->id) + ")");
  // No member can pass an op off as another's: its author is its signer.
  // (A server refuses a push of ops named for anyone but the caller, so a
  // mismatch here is the server's doing.)
  const std::string* signer = context.memberName(envelope.author);
  if (!signer || *signer != op->id.author)
    return makeError(ErrorCode::kCryptoFailure, "op " + envelope.address.opId + " is signed by " +
                                                    (signer ? *signer : std::string("someone else")) +
                                                    ", not by its author " + op->id.author);
  return op;
}

}  // namespace limn::sync
