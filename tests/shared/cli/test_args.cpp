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

TEST_CASE("numbers in options are read whole or refused, naming the option and the range") {
  auto a = Args::parse({"--count", "12", "--rate", "0.25", "--bad", "10x", "--frac", "1.5e9", "--big", "70000"}, {},
                       {"count", "rate", "bad", "frac", "big", "absent"});
  REQUIRE(a.ok());
  CHECK(*a->integer("count", 0, 1, 100) == 12);
  CHECK(*a->integer("absent", 7, 1, 100) == 7);
  CHECK(*a->number("rate", 1, 0, 1) == 0.25);
  CHECK(a->integer("bad", 0, 0, INT64_MAX).error().message == "--bad must be a whole number of at least 0, not '10x'");
  CHECK(a->integer("frac", 0, 0, INT64_MAX).error().message == "--frac must be a whole number of at least 0, not '1.5e9'");
  CHECK(a->integer("big", 0, 1, 65535).error().message == "--big must be a whole number from 1 to 65535, not '70000'");
  CHECK(a->number("bad", 0, 0, 1).error().message == "--bad must be a number from 0 to 1, not '10x'");
  for (const char* text : {"", " 1", "abc", "nan", "inf", "2", "-0.1"}) {
    INFO(text);
    CHECK_FALSE(limn::parseNumber(text, "x", 0, 1).ok());
  }
  CHECK(*limn::parseNumber("1e-1", "x", 0, 1) == 0.1);
  CHECK_FALSE(limn::parseInteger("99999999999999999999", "x", 0, INT64_MAX).ok());
  CHECK_FALSE(limn::parseInteger("-1", "x", 0, 10).ok());
}
