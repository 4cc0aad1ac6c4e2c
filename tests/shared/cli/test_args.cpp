#include <catch2/catch.hpp>

#include "shared/cli/args.h"

using limn::Args;

TEST_CASE("switches, options and positionals are told apart") {
  auto a = Args::parse({"--json", "a.dcm", "--out", "dir", "--option=x", "--option", "y", "b.dcm"}, {"json"},
                       {"out", "option"});
  REQUIRE(a.ok());
  CHECK(a->has("json"));
  CHECK(a->value("out") == "dir");
  CHECK(a->values("option") == std::vector<std::string>{"x", "y"});
  CHECK(a->positional() == std::vector<std::string>{"a.dcm", "b.dcm"});
}

TEST_CASE("unknown options and missing values are errors") {
  CHECK_FALSE(Args::parse({"--nope"}, {}, {}).ok());
  CHECK_FALSE(Args::parse({"--out"}, {}, {"out"}).ok());
}

TEST_CASE("-- ends option parsing") {
  auto a = Args::parse({"--", "--json"}, {"json"}, {});
  REQUIRE(a.ok());
  CHECK_FALSE(a->has("json"));
  CHECK(a->positional() == std::vector<std::string>{"--json"});
}
