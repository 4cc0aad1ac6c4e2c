#include <catch2/catch.hpp>

#include <array>
#include <string>

#include "shared/crypto/keyed_hash.h"

using namespace limn::crypto;

TEST_CASE("Keyed hashes separate keys, domains and messages") {
  std::array<std::uint8_t, kKeyedHashKeyBytes> k1{}, k2{};
  k2[0] = 1;
  const std::string m = "message";
  const std::span<const std::uint8_t> msg(reinterpret_cast<const std::uint8_t*>(m.data()), m.size());
  auto h = [&](const auto& key, std::string_view domain, std::span<const std::uint8_t> message) {
    std::array<std::uint8_t, 32> out{};
    keyedHash(key, domain, message, out);
    return out;
  };
  CHECK(h(k1, "a", msg) == h(k1, "a", msg));
  CHECK(h(k1, "a", msg) != h(k2, "a", msg));
  CHECK(h(k1, "a", msg) != h(k1, "b", msg));
  CHECK(h(k1, "a", msg) != h(k1, "a", msg.first(3)));
  // The separator keeps ("ab", "c") apart from ("a", "bc").
  const std::string c = "c", bc = "bc";
  CHECK(h(k1, "ab", {reinterpret_cast<const std::uint8_t*>(c.data()), 1}) !=
        h(k1, "a", {reinterpret_cast<const std::uint8_t*>(bc.data()), 2}));
  std::array<std::uint8_t, 32> unkeyed{};
  genericHash(msg, "a", unkeyed);
  CHECK(unkeyed != h(k1, "a", msg));
}
