#include "shared/sync/op_envelope.h"

#include "shared/crypto/base64.h"

namespace limn::sync {

namespace {

std::string_view adLabel(EnvelopeKind kind) { return kind == EnvelopeKind::kOp ? "limn-op" : "limn-blob"; }
std::string_view signatureLabel(EnvelopeKind kind) {
  return kind == EnvelopeKind::kOp ? "limn-op-signature" : "limn-blob-signature";
}

void appendField(std::vector<std::uint8_t>& out, std::string_view text) {
  const auto n = static_cast<std::uint32_t>(text.size());
  for (int i = 3; i >= 0; --i) out.push_back(static_cast<std::uint8_t>(n >> (8 * i)));
  out.insert(out.end(), text.begin(), text.end());
}

std::vector<std::uint8_t> signedBytes(EnvelopeKind kind, const OpEnvelope& e) {
  std::vector<std::uint8_t> out;
  appendField(out, signatureLabel(kind));
  const auto ad = envelopeAssociatedData(kind, e.version, e.address, e.author);
  out.insert(out.end(), ad.begin(), ad.end());
  out.insert(out.end(), e.ciphertext.begin(), e.ciphertext.end());
  return out;
}

// A base64 JSON field of exactly out.size() bytes.
bool decodeFixed(const nlohmann::json& j, const char* field, std::span<std::uint8_t> out) {
  return j.contains(field) && j[field].is_string() && crypto::fromBase64Exact(j[field].get<std::string>(), out);
}

}  // namespace

// Length-prefixed, so no two addresses give the same bytes.
std::vector<std::uint8_t> envelopeAssociatedData(EnvelopeKind kind, std::uint8_t version, const OpAddress& a,
                                                 const crypto::SigningPublicKey& author) {
  std::vector<std::uint8_t> out;
  appendField(out, adLabel(kind));
  out.push_back(version);
  appendField(out, a.project);
  appendField(out, a.task);
  appendField(out, a.opId);
  for (int i = 3; i >= 0; --i) out.push_back(static_cast<std::uint8_t>(a.epoch >> (8 * i)));
  out.insert(out.end(), author.begin(), author.end());
  return out;
}

bool envelopeSignatureHolds(EnvelopeKind kind, const OpEnvelope& e) {
  return crypto::verifySignature(e.author, signedBytes(kind, e), e.signature);
}

crypto::Signature signEnvelope(EnvelopeKind kind, const OpEnvelope& e, const crypto::SigningKeyPair& author) {
  return crypto::sign(author.secretKey, signedBytes(kind, e));
}

std::string formatOpId(const std::string& author, std::uint64_t counter) {
  return author + "#" + std::to_string(counter);
}

std::optional<OpIdParts> parseOpId(std::string_view opId) {
  const auto hash = opId.rfind('#');
  if (hash == std::string_view::npos || hash == 0 || hash + 1 == opId.size() || opId.size() - hash > 20) return std::nullopt;
  const std::string_view digits = opId.substr(hash + 1);
  if (digits.find_first_not_of("0123456789") != std::string_view::npos) return std::nullopt;
  OpIdParts parts{std::string(opId.substr(0, hash)), 0};
  for (char c : digits) parts.counter = parts.counter * 10 + static_cast<std::uint64_t>(c - '0');
  return parts;
}

Status checkEnvelope(EnvelopeKind kind, const OpEnvelope& e, const OpenContext& context) {
  const std::string what = (kind == EnvelopeKind::kOp ? "op " : "blob ") + e.address.opId;
  if (e.version != kEnvelopeVersion)
    return makeError(ErrorCode::kCryptoFailure, "envelope format " + std::to_string(e.version) + " is not supported");
  if (e.address.project != context.project || e.address.task != context.task)
    return makeError(ErrorCode::kCryptoFailure, what + " belongs to another project or task");
  if (!context.memberName || !context.memberName(e.author))
    return makeError(ErrorCode::kCryptoFailure, what + " is signed by a key that is not a member's");
  if (!envelopeSignatureHolds(kind, e))
    return makeError(ErrorCode::kCryptoFailure, what + ": the author's signature does not verify");
  return okStatus();
}

OpEnvelope sealOp(const OpAddress& address, std::span<const std::uint8_t> plaintext, const crypto::AeadKey& epochKey,
                  const crypto::SigningKeyPair& author) {
  OpEnvelope e;
  e.address = address;
  e.author = author.publicKey;
  e.ciphertext =
      crypto::sealAead(epochKey, envelopeAssociatedData(EnvelopeKind::kOp, e.version, address, e.author), plaintext);
  e.signature = signEnvelope(EnvelopeKind::kOp, e, author);
  return e;
}

bool envelopeSignatureHolds(const OpEnvelope& e) { return envelopeSignatureHolds(EnvelopeKind::kOp, e); }

Result<std::vector<std::uint8_t>> openOp(const OpEnvelope& e, const OpenContext& context) {
  if (auto s = checkEnvelope(EnvelopeKind::kOp, e, context); !s) return s.error();
  const crypto::AeadKey* key = context.epochKey ? context.epochKey(e.address.epoch) : nullptr;
  if (!key)
    return makeError(ErrorCode::kCryptoFailure,
                     "op " + e.address.opId + " is under key epoch " + std::to_string(e.address.epoch) + ", which this client does not hold");
  auto plain =
      crypto::openAead(*key, envelopeAssociatedData(EnvelopeKind::kOp, e.version, e.address, e.author), e.ciphertext);
  // Not the signer's doing for sure: the epoch key held may be a bad one
  // (wrapped to this person by someone else), so the page stops.
  if (!plain)
    return makeError(ErrorCode::kCryptoFailure, "op " + e.address.opId + " does not open under key epoch " +
                                                    std::to_string(e.address.epoch) + ": " + plain.error().message);
  return plain;
}

nlohmann::json envelopeToJson(const OpEnvelope& e) {
  return {{"v", e.version},
          {"project", e.address.project},
          {"task", e.address.task},
          {"op", e.address.opId},
          {"epoch", e.address.epoch},
          {"author", crypto::toBase64(e.author)},
          {"ct", crypto::toBase64(e.ciphertext)},
          {"sig", crypto::toBase64(e.signature)}};
}

Result<OpEnvelope> envelopeFromJson(const nlohmann::json& j) {
  const Error bad = makeError(ErrorCode::kInvalidArgument, "not an op envelope");
  if (!j.is_object() || !j.contains("v") || !j["v"].is_number_unsigned()) return bad;
  OpEnvelope e;
  e.version = static_cast<std::uint8_t>(j["v"].get<unsigned>());
  for (const char* f : {"project", "task", "op"})
    if (!j.contains(f) || !j[f].is_string() || j[f].get<std::string>().empty() ||
        j[f].get<std::string>().size() > kMaxIdLength)
      return makeError(ErrorCode::kInvalidArgument, std::string("envelope field ") + f + " must be 1-128 characters");
  e.address = {j["project"].get<std::string>(), j["task"].get<std::string>(), j["op"].get<std::string>(), 0};
  if (!j.contains("epoch") || !j["epoch"].is_number_unsigned() || j["epoch"].get<std::uint64_t>() > 0xffffffffu)
    return bad;
  e.address.epoch = j["epoch"].get<std::uint32_t>();
  if (!decodeFixed(j, "author", e.author) || !decodeFixed(j, "sig", e.signature)) return bad;
  if (!j.contains("ct") || !j["ct"].is_string()) return bad;
  auto ct = crypto::fromBase64(j["ct"].get<std::string>());
  if (!ct || ct->size() < crypto::kAeadNonceBytes + crypto::kAeadTagBytes) return bad;
  e.ciphertext = std::move(*ct);
  return e;
}

}  // namespace limn::sync
