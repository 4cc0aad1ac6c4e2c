#include "shared/protocol/published_keys.h"

#include "shared/crypto/base64.h"
#include "shared/crypto/keyed_hash.h"
#include "shared/encoding/base32.h"

namespace limn::protocol {

namespace {

// A base64 JSON field of exactly out.size() bytes.
bool decodeFixed(const nlohmann::json& j, const char* field, std::span<std::uint8_t> out) {
  return j.contains(field) && j[field].is_string() && crypto::fromBase64Exact(j[field].get<std::string>(), out);
}

}  // namespace

std::string fingerprint(const crypto::SigningPublicKey& signing, const crypto::BoxPublicKey& box) {
  std::vector<std::uint8_t> both(signing.begin(), signing.end());
  both.insert(both.end(), box.begin(), box.end());
  std::array<std::uint8_t, 20> digest{};
  crypto::genericHash(both, "limn key fingerprint v1", std::span<std::uint8_t>(digest.data(), digest.size()));
  return base32Grouped(digest, ' ');
}

nlohmann::json publishedToJson(const PublishedUserKeys& p) {
  return {{"v", kPublishedKeysVersion},
          {"signing_public", crypto::toBase64(p.signingPublic)},
          {"box_public", crypto::toBase64(p.boxPublic)},
          {"wrapped_by_password", crypto::toBase64(p.wrappedByPassword)},
          {"wrapped_by_recovery", crypto::toBase64(p.wrappedByRecovery)}};
}

Result<PublishedUserKeys> publishedFromJson(const nlohmann::json& j) {
  PublishedUserKeys p;
  const Error bad = makeError(ErrorCode::kInvalidArgument, "not a published key set");
  if (!j.is_object() || !j.contains("v") || !j["v"].is_number_integer() ||
      j["v"].get<std::int64_t>() != kPublishedKeysVersion)
    return bad;
  if (!decodeFixed(j, "signing_public", p.signingPublic) || !decodeFixed(j, "box_public", p.boxPublic)) return bad;
  for (auto [field, out] : {std::pair{"wrapped_by_password", &p.wrappedByPassword},
                            std::pair{"wrapped_by_recovery", &p.wrappedByRecovery}}) {
    if (!j.contains(field) || !j[field].is_string()) return bad;
    auto bytes = crypto::fromBase64(j[field].get<std::string>());
    if (!bytes || bytes->size() != kWrappedKeysBytes) return bad;
    *out = std::move(*bytes);
  }
  return p;
}

}  // namespace limn::protocol
