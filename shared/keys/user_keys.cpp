#include "shared/keys/user_keys.h"


#include "shared/crypto/base64.h"
#include "shared/crypto/random.h"
#include "shared/encoding/base32.h"

namespace limn::keys {

namespace {

constexpr std::size_t kSecretsBytes = protocol::kWrappedSecretsBytes;

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

}  // namespace

UserKeys generateUserKeys() { return UserKeys{crypto::generateSigningKeyPair(), crypto::generateBoxKeyPair()}; }

std::string recoveryKeyText(const crypto::AeadKey& key) { return base32Grouped(key, '-'); }

Result<crypto::AeadKey> parseRecoveryKey(const std::string& text) {
  auto bytes = base32Decode(base32Normalised(text));
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

Result<std::vector<std::uint8_t>> rewrapForPassword(const UserKeys& keys, const std::string& user,
                                                    const crypto::AeadKey& newPasswordKek) {
  auto wrapped = wrap(keys, user, newPasswordKek, false);
  const PublishedUserKeys check{keys.signing.publicKey, keys.box.publicKey, wrapped, {}};
  if (auto opened = unwrapUserKeys(check, user, newPasswordKek); !opened) return opened.error();
  return wrapped;
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

}  // namespace limn::keys
