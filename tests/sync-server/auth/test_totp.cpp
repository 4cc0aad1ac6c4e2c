#include <catch2/catch.hpp>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sync-server/auth/totp.h"

using namespace limn::server;

namespace {

nlohmann::json vectors() {
  std::ifstream in(std::string(LIMN_SHARED_DATA) + "/vectors/rfc6238_totp.json");
  REQUIRE(in.good());  // ../shared/data beside the checkout
  return nlohmann::json::parse(in);
}

std::vector<std::uint8_t> bytesOf(const std::string& s) { return {s.begin(), s.end()}; }

}  // namespace

TEST_CASE("HOTP matches RFC 4226 Appendix D") {
  const auto v = vectors()["hotp"];
  const auto secret = bytesOf(v["seed_ascii"].get<std::string>());
  const auto codes = v["codes_by_counter"].get<std::vector<std::string>>();
  REQUIRE(codes.size() == 10);
  for (std::size_t c = 0; c < codes.size(); ++c) CHECK(hotp(secret, c, v["digits"].get<int>()) == codes[c]);
}

TEST_CASE("TOTP matches RFC 6238 Appendix B for SHA-1, SHA-256 and SHA-512") {
  const auto v = vectors()["totp"];
  REQUIRE(v["step_seconds"].get<int>() == kTotpStepSeconds);
  const int digits = v["digits"].get<int>();
  const std::pair<const char*, OtpHash> hashes[] = {{"SHA1", OtpHash::kSha1}, {"SHA256", OtpHash::kSha256}, {"SHA512", OtpHash::kSha512}};
  std::size_t checked = 0;
  for (const auto& c : v["cases"])
    for (const auto& [name, hash] : hashes) {
      const auto secret = bytesOf(v["seeds_ascii"][name].get<std::string>());
      INFO(name << " at " << c["time"].get<std::int64_t>());
      CHECK(totpAt(secret, c["time"].get<std::int64_t>(), digits, hash) == c[name].get<std::string>());
      ++checked;
    }
  CHECK(checked >= 18);
}

TEST_CASE("A code is accepted within one step of drift, once, and never replayed") {
  const auto secret = bytesOf("12345678901234567890");
  const std::int64_t t = 1111111111;
  const std::string now = totpAt(secret, t), before = totpAt(secret, t - 30), after = totpAt(secret, t + 30);
  const auto accepted = verifyTotp(secret, now, t, 0);
  REQUIRE(accepted);
  CHECK(*accepted == totpStep(t));
  CHECK_FALSE(verifyTotp(secret, now, t, *accepted));          // the same code again: spent
  CHECK_FALSE(verifyTotp(secret, now, t + 10, *accepted));     // still inside its window: spent
  CHECK(verifyTotp(secret, before, t, 0) == totpStep(t) - 1);  // a phone 30 s slow
  CHECK(verifyTotp(secret, after, t, 0) == totpStep(t) + 1);   // or fast
  CHECK_FALSE(verifyTotp(secret, totpAt(secret, t - 60), t, 0));
  CHECK_FALSE(verifyTotp(secret, totpAt(secret, t + 60), t, 0));
  // An older code after a newer one was accepted: refused (replay order).
  CHECK_FALSE(verifyTotp(secret, before, t, totpStep(t)));
  CHECK_FALSE(verifyTotp(secret, now.substr(0, 5), t, 0));
  CHECK_FALSE(verifyTotp(secret, now + "0", t, 0));
  CHECK_FALSE(verifyTotp(bytesOf("another secret 12345"), now, t, 0));
}
