#include "shared/keys/epoch_key_wrap.h"

#include "shared/crypto/base64.h"

namespace limn::keys {

namespace {

std::vector<std::uint8_t> signedBytes(const EpochKeyWrap& w, const crypto::BoxPublicKey& recipientKey) {
  std::vector<std::uint8_t> out;
  auto field = [&](std::string_view text) {
    const auto n = static_cast<std::uint32_t>(text.size());
    for (int i = 3; i >= 0; --i) out.push_back(static_cast<std::uint8_t>(n >> (8 * i)));
    out.insert(out.end(), text.begin(), text.end());
  };
  field("limn-epoch-key-wrap-v1");
  field(w.project);
  for (int i = 3; i >= 0; --i) out.push_back(static_cast<std::uint8_t>(w.epoch >> (8 * i)));
  field(w.recipient);
  out.insert(out.end(), recipientKey.begin(), recipientKey.end());
  out.insert(out.end(), w.sealed.begin(), w.sealed.end());
  return out;
}

}  // namespace

EpochKeyWrap wrapEpochKey(const crypto::AeadKey& epochKey, const std::string& project, std::uint32_t epoch,
                          const std::string& recipient, const crypto::BoxPublicKey& recipientKey,
                          const crypto::SigningKeyPair& wrapper) {
  EpochKeyWrap w{project, epoch, recipient, crypto::sealTo(recipientKey, epochKey), {}};
  w.signature = crypto::sign(wrapper.secretKey, signedBytes(w, recipientKey));
  return w;
}

bool epochKeyWrapSignedBy(const EpochKeyWrap& wrap, const crypto::BoxPublicKey& recipientKey,
                          const crypto::SigningPublicKey& wrapperKey) {
  return crypto::verifySignature(wrapperKey, signedBytes(wrap, recipientKey), wrap.signature);
}

Result<crypto::AeadKey> unwrapEpochKey(const EpochKeyWrap& wrap, const crypto::BoxKeyPair& mine,
                                       const crypto::SigningPublicKey& wrapperKey) {
  if (!epochKeyWrapSignedBy(wrap, mine.publicKey, wrapperKey))
    return makeError(ErrorCode::kCryptoFailure, "the key for epoch " + std::to_string(wrap.epoch) +
                                                    " is not signed by the member said to have wrapped it");
  auto opened = crypto::openSealed(mine, wrap.sealed);
  if (!opened) return opened.error();
  crypto::AeadKey key{};
  if (opened->size() != key.size()) return makeError(ErrorCode::kCryptoFailure, "the wrapped epoch key is malformed");
  std::copy(opened->begin(), opened->end(), key.begin());
  return key;
}

nlohmann::json wrapToJson(const EpochKeyWrap& w) {
  return {{"project", w.project},
          {"epoch", w.epoch},
          {"recipient", w.recipient},
          {"sealed", crypto::toBase64(w.sealed)},
          {"signature", crypto::toBase64(w.signature)}};
}

Result<EpochKeyWrap> wrapFromJson(const nlohmann::json& j) {
  const Error bad = makeError(ErrorCode::kInvalidArgument, "not an epoch key wrap");
  if (!j.is_object() || !j.contains("epoch") || !j["epoch"].is_number_unsigned() ||
      j["epoch"].get<std::uint64_t>() > 0xffffffffu)
    return bad;
  EpochKeyWrap w;
  w.project = j.value("project", "");
  w.recipient = j.value("recipient", "");
  w.epoch = j["epoch"].get<std::uint32_t>();
  if (w.project.empty() || w.recipient.empty() || !j.contains("sealed") || !j["sealed"].is_string() ||
      !j.contains("signature") || !j["signature"].is_string())
    return bad;
  auto sealed = crypto::fromBase64(j["sealed"].get<std::string>());
  if (!sealed || sealed->size() != crypto::kAeadKeyBytes + crypto::kSealOverheadBytes) return bad;
  w.sealed = std::move(*sealed);
  if (!crypto::fromBase64Exact(j["signature"].get<std::string>(), w.signature)) return bad;
  return w;
}

}  // namespace limn::keys
