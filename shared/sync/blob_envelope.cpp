#include "shared/sync/blob_envelope.h"

#include "shared/crypto/secret_stream.h"

namespace limn::sync {

OpEnvelope sealBlob(const OpAddress& address, std::span<const std::uint8_t> payload, const crypto::AeadKey& epochKey,
                    const crypto::SigningKeyPair& author) {
  OpEnvelope e;
  e.address = address;
  e.author = author.publicKey;
  e.ciphertext =
      crypto::sealStream(epochKey, envelopeAssociatedData(EnvelopeKind::kBlob, e.version, address, e.author), payload);
  e.signature = signEnvelope(EnvelopeKind::kBlob, e, author);
  return e;
}

Result<std::vector<std::uint8_t>> openBlob(const OpEnvelope& e, const OpenContext& context) {
  if (auto s = checkEnvelope(EnvelopeKind::kBlob, e, context); !s) return s.error();
  const crypto::AeadKey* key = context.epochKey ? context.epochKey(e.address.epoch) : nullptr;
  if (!key)
    return makeError(ErrorCode::kCryptoFailure, "blob " + e.address.opId + " is under key epoch " +
                                                    std::to_string(e.address.epoch) + ", which this client does not hold");
  auto plain =
      crypto::openStream(*key, envelopeAssociatedData(EnvelopeKind::kBlob, e.version, e.address, e.author), e.ciphertext);
  if (!plain) return makeError(ErrorCode::kCryptoFailure, "blob " + e.address.opId + ": " + plain.error().message);
  return plain;
}

}  // namespace limn::sync
