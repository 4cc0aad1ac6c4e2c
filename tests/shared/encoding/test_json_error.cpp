#include <catch2/catch.hpp>

#include "shared/encoding/json_error.h"

using limn::jsonErrorText;
using nlohmann::json;

namespace {

template <typename F>
std::string textOf(F&& f) {
  try {
    f();
  } catch (const json::exception& e) {
    return jsonErrorText(e);
  }
  FAIL("no exception");
  return {};
}

}  // namespace

TEST_CASE("JSON errors are told in the document's words, without nlohmann's prefix") {
  const json array = json::array();
  CHECK(textOf([&] { (void)array.value("format", ""); }) == "a JSON object was expected here, not an array");
  const json number = 7;
  CHECK(textOf([&] { (void)number.value("format", ""); }) == "a JSON object was expected here, not a number");
  const json object = json::object();
  CHECK(textOf([&] { (void)object.at("schema"); }) == "field 'schema' is missing");
  CHECK(textOf([&] { (void)json(3).get<std::string>(); }) == "type must be string, but is number");
  const std::string parse = textOf([] { const json j = json::parse("{\"images\": ["); (void)j; });
  CHECK_THAT(parse, Catch::StartsWith("parse error at line 1, column 13"));
}
