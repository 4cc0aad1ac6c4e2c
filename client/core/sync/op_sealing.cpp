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
  // No member can pass an op off as another's: the envelope's op id names
  // its signer. (A server takes only ops named for the caller, so a
  // mismatch is the server's doing.)
  const auto id = parseOpId(envelope.address.opId);
  if (!id) return makeError(ErrorCode::kCryptoFailure, "op " + envelope.address.opId + " is not named AUTHOR#COUNTER");
  const std::string* signer = context.memberName ? context.memberName(envelope.author) : nullptr;
  if (signer && *signer != id->author)
    return makeError(ErrorCode::kCryptoFailure,
                     "op " + envelope.address.opId + " is signed by " + *signer + ", not by its author " + id->author);
  auto plain = openOp(envelope, context);
  if (!plain) return plain.error();
  // It decrypted, so what it holds is what its signer sealed.
  auto op = annot::opFromJson(std::string_view(reinterpret_cast<const char*>(plain->data()), plain->size()));
  if (!op && op.error().code == ErrorCode::kUnsupportedEncoding)
    return makeError(op.error().code, "op " + envelope.address.opId + ": " + op.error().message);
  if (!op)
    return makeError(ErrorCode::kAuthorFault, "op " + envelope.address.opId + " is not an annotation op: " + op.error().message);
  if (envelopeOpId(op->id) != envelope.address.opId)
    return makeError(ErrorCode::kAuthorFault,
                     "op " + envelope.address.opId + " holds another op (" + envelopeOpId(op->id) + ")");
  return op;
}

}  // namespace limn::sync
