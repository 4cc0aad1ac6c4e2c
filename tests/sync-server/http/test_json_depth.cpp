#include <catch2/catch.hpp>

#include <string>

#include "sync-server/http/json_depth.h"

using limn::server::jsonNestedDeeperThan;

TEST_CASE("JSON nesting is measured without parsing; brackets in strings do not count") {
  CHECK_FALSE(jsonNestedDeeperThan(R"({"a": [1, {"b": [2]}]})", 4));
  CHECK(jsonNestedDeeperThan(R"({"a": [1, {"b": [2]}]})", 3));
  CHECK_FALSE(jsonNestedDeeperThan(R"({"a": "[[[[[[[[{{{{{{"})", 1));
  CHECK_FALSE(jsonNestedDeeperThan(R"({"a": "\"[[[[\\"})", 1));  // escaped quotes stay inside the string
  CHECK(jsonNestedDeeperThan(R"({"a": "\\", "b": [[1]]})", 2));   // an escaped backslash ends before the quote
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  CHECK(jsonNestedDeeperThan(deep, 64));
  CHECK_FALSE(jsonNestedDeeperThan(std::string(64, '[') + std::string(64, ']'), 64));
}
