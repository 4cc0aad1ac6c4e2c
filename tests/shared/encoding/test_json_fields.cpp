#include <catch2/catch.hpp>

#include "shared/encoding/json_error.h"
#include "shared/encoding/json_fields.h"

using namespace limn;
using nlohmann::json;

namespace {

// What integerAs says about `v` read as T, or "" when it reads.
template <class T>
std::string refusal(const json& v) {
  try {
    (void)integerAs<T>(v, "count");
    return "";
  } catch (const json::exception& e) {
    return jsonErrorText(e);
  }
}

}  // namespace

TEST_CASE("integerAs reads whole numbers within the type and refuses the rest as a JSON error") {
  CHECK(integerAs<std::uint32_t>(json(4000000000u), "count") == 4000000000u);
  CHECK(integerAs<int>(json(-7), "count") == -7);
  CHECK(integerAs<std::int64_t>(json(INT64_MIN), "count") == INT64_MIN);
  CHECK(refusal<std::uint32_t>(json(4294967296u)) == "count must be a whole number from 0 to 4294967295");
  CHECK(refusal<std::uint32_t>(json(-1)) == "count must be a whole number from 0 to 4294967295");
  CHECK(refusal<std::int64_t>(json(UINT64_MAX)).starts_with("count must be a whole number"));
  // Floats are refused whatever their value: 1e300 would be undefined
  // behaviour to convert, and 2.5 is no count.
  CHECK(refusal<int>(json(1e300)) == "count must be a whole number from -2147483648 to 2147483647");
  CHECK_FALSE(refusal<int>(json(2.5)).empty());
  CHECK_FALSE(refusal<int>(json(2.0)).empty());
  CHECK_FALSE(refusal<int>(json("2")).empty());
  CHECK_FALSE(refusal<int>(json(nullptr)).empty());
  // An optional field: the fallback when missing, checked when present.
  CHECK(integerAs(json::object(), "frame", 3u) == 3u);
  CHECK(integerAs(json{{"frame", 9}}, "frame", 3u) == 9u);
  CHECK_THROWS_AS(integerAs(json{{"frame", 1e300}}, "frame", 3u), json::exception);
}
