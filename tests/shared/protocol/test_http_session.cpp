#include <catch2/catch.hpp>

#include "shared/encoding/hex.h"
#include "shared/protocol/http_session.h"

using limn::protocol::cookieValue;

TEST_CASE("the session cookie is found among others, in Cookie and Set-Cookie headers") {
  CHECK(cookieValue("a=1; limn_session=abc; b=2", "limn_session") == "abc");
  CHECK(cookieValue("limn_session=xyz; Path=/; HttpOnly", "limn_session") == "xyz");
  CHECK_FALSE(cookieValue("xlimn_session=1; a=2", "limn_session"));
  CHECK_FALSE(cookieValue("", "limn_session"));
}

TEST_CASE("hex is read in either case and refused otherwise") {
  CHECK(limn::hexToBytes("00ffA0").value() == std::vector<std::uint8_t>{0x00, 0xff, 0xa0});
  CHECK_FALSE(limn::hexToBytes("abc"));
  CHECK_FALSE(limn::hexToBytes("zz"));
}
