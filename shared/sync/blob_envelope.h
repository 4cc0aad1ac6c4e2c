// A large payload relayed between a project's members (a de-identified
// image for a remote physician, where the project allows it): the op
// envelope's wire form and checks (op_envelope.h) with the blob's name in
// place of the op id, its own labels, and the payload sealed in chunks
// (shared/crypto/secret_stream.h) under the epoch key. The server stores
// and relays it and can check who signed it, never read it.
#pragma once

#include "shared/sync/op_envelope.h"

namespace limn::sync {

inline constexpr std::size_t kMaxBlobNameLength = kMaxIdLength;

OpEnvelope sealBlob(const OpAddress& address, std::span<const std::uint8_t> payload, const crypto::AeadKey& epochKey,
                    const crypto::SigningKeyPair& author);
Result<std::vector<std::uint8_t>> openBlob(const OpEnvelope& envelope, const OpenContext& context);
[[nodiscard]] inline bool blobSignatureHolds(const OpEnvelope& envelope) {
  return envelopeSignatureHolds(EnvelopeKind::kBlob, envelope);
}

}  // namespace limn::sync
