#include <catch2/catch.hpp>

#include "sync-server/api/plain_text.h"

using limn::server::checkPlainText;

namespace {
std::string refusal(std::string_view text) {
  auto s = checkPlainText(text, "a name", 16);
  return s ? "" : s.error().message;
}
}  // namespace

TEST_CASE("names people read are printable text without surrounding spaces") {
  CHECK(refusal("Neuro 2026").empty());
  CHECK(refusal("Hôpital Été").empty());
  CHECK(refusal("1.2.826.0.1").empty());
  CHECK(refusal("") == "a name is 1 to 16 bytes");
  CHECK(refusal("a name far too long") == "a name is 1 to 16 bytes");
  CHECK(refusal("P1 ") == "a name may not begin or end with a space");
  CHECK(refusal(" P1") == "a name may not begin or end with a space");
  for (std::string_view bad : std::initializer_list<std::string_view>{"a\nb", "a\tb", "a\x1b[2K", "a\x7f", "a\xc2\x85", std::string_view("a\0b", 3)})
    CHECK(refusal(bad) == "a name may not hold control characters");
  for (std::string_view bad : std::initializer_list<std::string_view>{"a\xe2\x80\xae" "b", "a\xe2\x81\xa6" "b", "a\xe2\x80\x8f" "b", "a\xd8\x9c" "b"})
    CHECK(refusal(bad) == "a name may not hold bidirectional controls");
}
