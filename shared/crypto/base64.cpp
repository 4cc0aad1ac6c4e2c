#include "shared/crypto/base64.h"

#include <sodium.h>

#include <algorithm>

#include "shared/crypto/sodium_init.h"

namespace limn::crypto {

namespace {
constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
}  // namespace

std::string toBase64(std::span<const std::uint8_t> bytes) {
  ensureSodiumInitialised();
  std::string out(sodium_base64_encoded_len(bytes.size(), kVariant), '\0');
  sodium_bin2base64(out.data(), out.size(), bytes.data(), bytes.size(), kVariant);
  out.pop_back();  // the terminating NUL
  return out;
}

std::optional<std::vector<std::uint8_t>> fromBase64(std::string_view text) {
  ensureSodiumInitialised();
  std::vector<std::uint8_t> out(text.size() * 3 / 4 + 3);
  std::size_t length = 0;
  const char* end = nullptr;
  if (sodium_base642bin(out.data(), out.size(), text.data(), text.size(), nullptr, &length, &end, kVariant) != 0 ||
      end != text.data() + text.size())
    return std::nullopt;
  out.resize(length);
  return out;
}

bool fromBase64Exact(std::string_view text, std::span<std::uint8_t> out) {
  auto bytes = fromBase64(text);
  if (!bytes || bytes->size() != out.size()) return false;
  std::copy(bytes->begin(), bytes->end(), out.begin());
  return true;
}

}  // namespace limn::crypto
