#include "sync-server/api/plain_text.h"

#include <string>

namespace limn::server {

namespace {

// Bidirectional controls in UTF-8: U+061C, U+200E-U+200F, U+202A-U+202E,
// U+2066-U+2069.
bool bidiControlAt(std::string_view s, std::size_t i) {
  const auto at = [&](std::size_t k) { return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0u; };
  if (at(0) == 0xD8 && at(1) == 0x9C) return true;
  if (at(0) != 0xE2) return false;
  return (at(1) == 0x80 && (at(2) == 0x8E || at(2) == 0x8F || (at(2) >= 0xAA && at(2) <= 0xAE))) ||
         (at(1) == 0x81 && at(2) >= 0xA6 && at(2) <= 0xA9);
}

}  // namespace

Status checkPlainText(std::string_view value, std::string_view what, std::size_t maxBytes) {
  const auto refuse = [&](const std::string& why) {
    return makeError(ErrorCode::kInvalidArgument, std::string(what) + " " + why);
  };
  if (value.empty() || value.size() > maxBytes) return refuse("is 1 to " + std::to_string(maxBytes) + " bytes");
  if (value.front() == ' ' || value.back() == ' ') return refuse("may not begin or end with a space");
  for (std::size_t i = 0; i < value.size(); ++i) {
    const auto c = static_cast<unsigned char>(value[i]);
    const bool c1 = c == 0xC2 && i + 1 < value.size() && static_cast<unsigned char>(value[i + 1]) <= 0x9F;
    if (c < 0x20 || c == 0x7F || c1) return refuse("may not hold control characters");
    if (bidiControlAt(value, i)) return refuse("may not hold bidirectional controls");
  }
  return okStatus();
}

}  // namespace limn::server
