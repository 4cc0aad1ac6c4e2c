#include <catch2/catch.hpp>
#include <string>

#include "shared/error/result.h"

using namespace limn;

namespace {
Result<int> parsePositive(int v) {
  if (v <= 0) return makeError(ErrorCode::kInvalidArgument, "not positive");
  return v;
}
}  // namespace

TEST_CASE("Result carries a value or an error") {
  auto good = parsePositive(3);
  REQUIRE(good.ok());
  CHECK(*good == 3);
  auto bad = parsePositive(-1);
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().code == ErrorCode::kInvalidArgument);
  CHECK(bad.error().message == "not positive");
}

TEST_CASE("Result moves its value out") {
  Result<std::string> r = std::string(1000, 'x');
  std::string s = std::move(r).value();
  CHECK(s.size() == 1000);
}
