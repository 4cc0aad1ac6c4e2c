// A project's key for one epoch, wrapped to one member: sealed to their
// X25519 public key (only they can open it) and signed by the member who
// wrapped it (so a server cannot hand out a key of its own making). The
// signature binds project, epoch, recipient and the recipient's public key.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "shared/crypto/aead.h"
#include "shared/crypto/key_exchange.h"
#include "shared/crypto/signing.h"
#include "shared/error/result.h"

namespace limn::keys {

struct EpochKeyWrap {
  std::string project;
  std::uint32_t epoch = 0;
  std::string recipient;
  std::vector<std::uint8_t> sealed;  // crypto_box_seal of the 32-byte epoch key
  crypto::Signature signature{};     // by the wrapper's Ed25519 key
};

EpochKeyWrap wrapEpochKey(const crypto::AeadKey& epochKey, const std::string& project, std::uint32_t epoch,
                          const std::string& recipient, const crypto::BoxPublicKey& recipientKey,
                          const crypto::SigningKeyPair& wrapper);

// Whether `wrapperKey` signed this wrap for `recipientKey` (the server
// checks this too, with the published keys).
[[nodiscard]] bool epochKeyWrapSignedBy(const EpochKeyWrap& wrap, const crypto::BoxPublicKey& recipientKey,
                                        const crypto::SigningPublicKey& wrapperKey);

// The epoch key, once the signature and the seal both hold.
Result<crypto::AeadKey> unwrapEpochKey(const EpochKeyWrap& wrap, const crypto::BoxKeyPair& mine,
                                       const crypto::SigningPublicKey& wrapperKey);

nlohmann::json wrapToJson(const EpochKeyWrap& wrap);
Result<EpochKeyWrap> wrapFromJson(const nlohmann::json& j);

}  // namespace limn::keys
