#include "client/core/keys/user_keys.h"

#include <cctype>
#include <nlohmann/json.hpp>

#include "shared/crypto/base64.h"
#include "shared/crypto/keyed_hash.h"
#include "shared/crypto/random.h"
#include "shared/encoding/base32.h"

namespace limn::keys {

namespace {

constexpr std::size_t kSecretsBytes = crypto::kSigningSeedBytes + crypto::kBoxSecretKeyBytes;

std::vector<std::uint8_t> wrapLabel(const std::string& user, bool recovery, const crypto::SigningPublicKey& s,
                                    const crypto::BoxPublicKey& b) {
  std::string label = std::string("limn-user-keys-v1/") + (recovery ? "recovery/" : "password/") + user;
  std::vector<std::uint8_t> out(label.begin(), label.end());
  out.push_back(0);
  out.insert(out.end(), s.begin(), s.end());
  out.insert(out.end(), b.begin(), b.end());
  return out;
}

std::vector<std::uint8_t> secretsOf(const UserKeys& k) {
  std::vector<std::uint8_t> out(k.signing.secretKey.bytes().begin(),
                                k.signing.secretKey.bytes().begin() + crypto::kSigningSeedBytes);
  out.insert(out.end(), k.box.secretKey.bytes().begin(), k.box.secretKey.bytes().end());
  return out;
}

std::vector<std::uint8_t> wrap(const UserKeys& k, const std::string& user, const crypto::AeadKey& kek, bool recovery) {
  auto secrets = secretsOf(k);
  auto out = crypto::sealAead(kek, wrapLabel(user, recovery, k.signing.publicKey, k.box.publicKey), secrets);
  std::fill(secrets.begin(), secrets.end(), 0);
  return out;
}

template <std::size_t N>
bool decodeFixed(const nlohmann::json& j, const char* field, std::array<std::uint8_t, N>& out) {
  if (!j.contains(field) || !j[field].is_string()) return false;
  auto bytes = crypto::fromBase64(j[field].get<std::string>());
  if (!bytes || bytes->size() != N) return false;
  std::copy(bytes->begin(), bytes->end(), out.begin());
  return true;
}

}  // namespace

UserKeys generateUserKeys() { return UserKeys{crypto::generateSigningKeyPair(), crypto::generateBoxKeyPair()}; }

std::string recoveryKeyText(const crypto::AeadKey& key) {
  const std::string plain = base32Encode(key);
  std::string out;
  for (std::size_t i = 0; i < plain.size(); ++i) {
    if (i > 0 && i % 4 == 0) out += '-';
    out += plain[i];
  }
  return out;
}

Result<crypto::AeadKey> parseRecoveryKey(const std::string& text) {
  std::string clean;
  for (char c : text)
    if (c != '-' && c != ' ') clean += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  auto bytes = base32Decode(clean);
  if (!bytes) return makeError(ErrorCode::kInvalidArgument, "a recovery key has only letters A-Z and digits 2-7");
  crypto::AeadKey key{};
  if (bytes->size() != key.size()) return makeError(ErrorCode::kInvalidArgument, "a recovery key is 52 characters");
  std::copy(bytes->begin(), bytes->end(), key.begin());
  return key;
}

PublishedUserKeys publishUserKeys(const UserKeys& keys, const std::string& user, const crypto::AeadKey& passwordKek,
                                  const crypto::AeadKey& recoveryKey) {
  return PublishedUserKeys{keys.signing.publicKey, keys.box.publicKey, wrap(keys, user, passwordKek, false),
                           wrap(keys, user, recoveryKey, true)};
}

std::vector<std::uint8_t> rewrapForPassword(const UserKeys& keys, const std::string& user,
                                            const crypto::AeadKey& newPasswordKek) {
  return wrap(keys, user, newPasswordKek, false);
}

Result<UserKeys> unwrapUserKeys(const PublishedUserKeys& p, const std::string& user, const crypto::AeadKey& kek,
                                bool recovery) {
  auto secrets = crypto::openAead(kek, wrapLabel(user, recovery, p.signingPublic, p.boxPublic),
                                  recovery ? p.wrappedByRecovery : p.wrappedByPassword);
  if (!secrets) return makeError(ErrorCode::kCryptoFailure, "your keys could not be unwrapped: wrong password or key");
  if (secrets->size() != kSecretsBytes) return makeError(ErrorCode::kCryptoFailure, "the wrapped keys are malformed");
  UserKeys k;
  k.signing = crypto::signingKeyPairFromSeed(std::span<const std::uint8_t, crypto::kSigningSeedBytes>(
      secrets->data(), crypto::kSigningSeedBytes));
  std::copy(secrets->begin() + crypto::kSigningSeedBytes, secrets->end(), k.box.secretKey.bytes().begin());
  std::fill(secrets->begin(), secrets->end(), 0);
  auto boxPublic = crypto::x25519PublicKey(k.box.secretKey);
  k.box.publicKey = boxPublic;
  if (k.signing.publicKey != p.signingPublic || k.box.publicKey != p.boxPublic)
    return makeError(ErrorCode::kCryptoFailure, "the wrapped keys do not match the published public keys");
  return k;
}

std::string fingerprint(const crypto::SigningPublicKey& signing, const crypto::BoxPublicKey& box) {
  std::vector<std::uint8_t> both(signing.begin(), signing.end());
  both.insert(both.end(), box.begin(), box.end());
  std::array<std::uint8_t, 20> digest{};
  crypto::genericHash(both, "limn key fingerprint v1", std::span<std::uint8_t>(digest.data(), digest.size()));
  const std::string text = base32Encode(digest);
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (i > 0 && i % 4 == 0) out += ' ';
    out += text[i];
  }
  return out;
}

nlohmann::json publishedToJson(const PublishedUserKeys& p) {
  return {{"v", kUserKeysVersion},
          {"signing_public", crypto::toBase64(p.signingPublic)},
          {"box_public", crypto::toBase64(p.boxPublic)},
          {"wrapped_by_password", crypto::toBase64(p.wrappedByPassword)},
          {"wrapped_by_recovery", crypto::toBase64(p.wrappedByRecovery)}};
}

Result<PublishedUserKeys> publishedFromJson(const nlohmann::json& j) {
  PublishedUserKeys p;
  const Error bad = makeError(ErrorCode::kInvalidArgument, "not a published key set");
  if (!j.is_object() || j.value("v", 0) != kUserKeysVersion) return bad;
  if (!decodeFixed(j, "signing_public", p.signingPublic) || !decodeFixed(j, "box_public", p.boxPublic)) return bad;
  for (auto [field, out] : {std::pair{"wrapped_by_password", &p.wrappedByPassword},
                            std::pair{"wrapped_by_recovery", &p.wrappedByRecovery}}) {
    if (!j.contains(field) || !j[field].is_string()) return bad;
    auto bytes = crypto::fromBase64(j[field].get<std::string>());
    if (!bytes || bytes->size() != crypto::kAeadNonceBytes + kSecretsBytes + crypto::kAeadTagBytes) return bad;
    *out = std::move(*bytes);
  }
  return p;
}

}  // namespace limn::keys
