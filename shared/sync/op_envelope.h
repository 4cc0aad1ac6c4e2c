// The envelope every annotation op travels in (client to server to client):
// encrypted with the project's epoch key (XChaCha20-Poly1305, random nonce)
// and signed by its author (Ed25519). The associated data binds the format
// version, project, task, op id, key epoch and the author's key, so an
// envelope cannot be replayed into another task or project, under another
// epoch, or passed off as someone else's. The server stores and relays
// envelopes; it can check who signed one, never read it.
//
//   wire: {"v":1,"project":..,"task":..,"op":..,"epoch":N,"author":base64,
//          "ct":base64(nonce || ciphertext || tag),"sig":base64}
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shared/crypto/aead.h"
#include "shared/crypto/signing.h"
#include "shared/error/result.h"

namespace limn::sync {

inline constexpr std::uint8_t kEnvelopeVersion = 1;
inline constexpr std::size_t kMaxIdLength = 128;

// Where an op belongs; all of it is bound into the ciphertext.
struct OpAddress {
  std::string project;
  std::string task;
  std::string opId;
  std::uint32_t epoch = 0;
  bool operator==(const OpAddress&) const = default;
};

struct OpEnvelope {
  std::uint8_t version = kEnvelopeVersion;
  OpAddress address;
  crypto::SigningPublicKey author{};
  std::vector<std::uint8_t> ciphertext;  // nonce || ciphertext || tag
  crypto::Signature signature{};
};

OpEnvelope sealOp(const OpAddress& address, std::span<const std::uint8_t> plaintext, const crypto::AeadKey& epochKey,
                  const crypto::SigningKeyPair& author);

// What the opener expects: the project and task it is reading (the op id
// and epoch come from the envelope and are checked by its signature and
// tag), the epoch keys it holds, and whom it accepts as authors: the name
// of the member (or former member) a signing key belongs to, nullptr for
// anyone else's key.
struct OpenContext {
  std::string project;
  std::string task;
  std::function<const crypto::AeadKey*(std::uint32_t epoch)> epochKey;
  std::function<const std::string*(const crypto::SigningPublicKey&)> memberName;
};

// An op's id on the wire is "author#counter": who made it (their user name)
// and the count of ops they had made. Readers and the server both require
// the author to be whoever signed it, and each author's ops in counter order.
struct OpIdParts {
  std::string author;
  std::uint64_t counter = 0;
};
std::string formatOpId(const std::string& author, std::uint64_t counter);
std::optional<OpIdParts> parseOpId(std::string_view opId);

// The plaintext, or a clear error: another version, another project or
// task, an unknown author, a signature that does not verify, an epoch
// without a key, or a ciphertext that does not decrypt.
Result<std::vector<std::uint8_t>> openOp(const OpEnvelope& envelope, const OpenContext& context);

nlohmann::json envelopeToJson(const OpEnvelope& envelope);
Result<OpEnvelope> envelopeFromJson(const nlohmann::json& j);

// Server side: whether the signature is the author's (no key needed).
[[nodiscard]] bool envelopeSignatureHolds(const OpEnvelope& envelope);

// The same envelope carries large blobs (blob_envelope.h) with their own
// labels, so an op can never be passed off as a blob or the other way round.
enum class EnvelopeKind : std::uint8_t { kOp, kBlob };
std::vector<std::uint8_t> envelopeAssociatedData(EnvelopeKind kind, std::uint8_t version, const OpAddress& address,
                                                 const crypto::SigningPublicKey& author);
[[nodiscard]] bool envelopeSignatureHolds(EnvelopeKind kind, const OpEnvelope& envelope);
crypto::Signature signEnvelope(EnvelopeKind kind, const OpEnvelope& envelope, const crypto::SigningKeyPair& author);
// What openOp checks before decrypting: version, address, member, signature.
Status checkEnvelope(EnvelopeKind kind, const OpEnvelope& envelope, const OpenContext& context);

}  // namespace limn::sync
