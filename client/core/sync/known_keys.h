// The members' public keys this client has seen, by name, remembered from
// one key status to the next (trust on first use, as SSH does with hosts).
// People's keys never change (a new password or a recovery wraps the same
// ones), so a server that later hands out another key for someone it
// already named (to read what is sealed to them, or to pass off its own ops
// and key wraps as theirs) is caught here instead of trusted.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "shared/crypto/key_exchange.h"
#include "shared/crypto/signing.h"
#include "shared/error/result.h"
#include "shared/keys/user_keys.h"

namespace limn::sync {

struct KnownKey {
  crypto::SigningPublicKey signing{};
  std::optional<crypto::BoxPublicKey> box;  // former members are listed by their signing key alone
  bool operator==(const KnownKey&) const = default;
};

struct KnownKeys {
  std::map<std::string, KnownKey> byName;
};

nlohmann::json knownKeysToJson(const KnownKeys& known);
// Entries that do not parse are dropped (they are learnt again).
KnownKeys knownKeysFromJson(const nlohmann::json& j);

// Checks the people a project's key status (GET .../keys) lists, members
// and former members, against `known`, which always holds `user`'s own
// keys: a key other than the one seen before is an error naming the
// person and both fingerprints; people seen for the first time are added.
// Returns whether `known` grew. On an error `known` is unchanged.
Result<bool> checkKnownKeys(const nlohmann::json& status, const std::string& user, const keys::UserKeys& mine,
                            KnownKeys& known);

}  // namespace limn::sync
