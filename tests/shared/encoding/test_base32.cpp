#include <catch2/catch.hpp>
#include <string>

#include "shared/encoding/base32.h"

namespace {
std::string b32(const std::string& s) {
  return limn::base32Encode({reinterpret_cast<const std::uint8_t*>(s.data()), s.size()});
}
}  // namespace

TEST_CASE("base32 matches RFC 4648 section 10 (without padding)") {
  CHECK(b32("") == "");
  CHECK(b32("f") == "MY");
  CHECK(b32("fo") == "MZXQ");
  CHECK(b32("foo") == "MZXW6");
  CHECK(b32("foob") == "MZXW6YQ");
  CHECK(b32("fooba") == "MZXW6YTB");
  CHECK(b32("foobar") == "MZXW6YTBOI");
  // The RFC 6238 test secret, as authenticator apps see it.
  CHECK(b32("12345678901234567890") == "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
}
