#include <catch2/catch.hpp>

#include <algorithm>
#include <set>

#include "sync-server/auth/recovery_codes.h"

using namespace limn::server;

TEST_CASE("Ten distinct recovery codes, stored only as salted hashes, each matching itself") {
  const NewRecoveryCodes codes = generateRecoveryCodes();
  REQUIRE(codes.shown.size() == kRecoveryCodeCount);
  REQUIRE(codes.stored.size() == kRecoveryCodeCount);
  CHECK(std::set<std::string>(codes.shown.begin(), codes.shown.end()).size() == kRecoveryCodeCount);
  for (std::size_t i = 0; i < codes.shown.size(); ++i) {
    const std::string& c = codes.shown[i];
    CHECK(c.size() == 19);  // XXXX-XXXX-XXXX-XXXX
    CHECK(std::count(c.begin(), c.end(), '-') == 3);
    CHECK(matchRecoveryCode(codes.stored, c) == i);
    // Typed in lower case, without dashes, with spaces: the same code.
    std::string typed;
    for (char ch : c) typed += ch == '-' ? ' ' : static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    CHECK(matchRecoveryCode(codes.stored, typed) == i);
    // The salts differ, so equal codes would not give equal hashes.
    for (std::size_t j = 0; j < i; ++j) CHECK(codes.stored[j].salt != codes.stored[i].salt);
  }
}

TEST_CASE("A used recovery code, a near miss or another account's code does not match") {
  NewRecoveryCodes codes = generateRecoveryCodes();
  const std::string first = codes.shown[0];
  const auto used = matchRecoveryCode(codes.stored, first);
  REQUIRE(used == 0u);
  codes.stored.erase(codes.stored.begin() + static_cast<std::ptrdiff_t>(*used));  // spent
  CHECK_FALSE(matchRecoveryCode(codes.stored, first));
  std::string nearMiss = codes.shown[1];
  nearMiss[0] = nearMiss[0] == 'A' ? 'B' : 'A';
  CHECK_FALSE(matchRecoveryCode(codes.stored, nearMiss));
  CHECK_FALSE(matchRecoveryCode(codes.stored, ""));
  CHECK_FALSE(matchRecoveryCode(generateRecoveryCodes().stored, codes.shown[1]));
}
