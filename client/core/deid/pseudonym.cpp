#include "client/core/deid/pseudonym.h"

#include <algorithm>
#include <array>
#include <cstdint>

#include "client/core/dicom/dicom_text.h"
#include "shared/crypto/keyed_hash.h"
#include "shared/crypto/sha256.h"

namespace limn::deid {

using dicom::joinValues;
using dicom::splitValues;
using dicom::trimPadding;

namespace {

constexpr int kMaxShiftDays = 1095;

template <std::size_t N>
std::array<std::uint8_t, N> hashOf(const ProjectKey& key, std::string_view domain, std::string_view text) {
  std::array<std::uint8_t, N> out{};
  text = trimPadding(text);
  crypto::keyedHash(key, domain, {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()}, out);
  return out;
}

// Big-endian bytes to decimal by repeated division by 10.
std::string toDecimal(std::array<std::uint8_t, 16> n) {
  std::string digits;
  bool zero = false;
  while (!zero) {
    unsigned remainder = 0;
    zero = true;
    for (std::uint8_t& byte : n) {
      const unsigned cur = remainder * 256 + byte;
      byte = static_cast<std::uint8_t>(cur / 10);
      remainder = cur % 10;
      if (byte) zero = false;
    }
    digits.push_back(static_cast<char>('0' + remainder));
  }
  std::reverse(digits.begin(), digits.end());
  return digits;
}

}  // namespace

std::string pseudonymousUid(const ProjectKey& key, std::string_view uid) {
  return "2.25." + toDecimal(hashOf<16>(key, "limn deid uid", uid));
}

std::string pseudonymousPatientId(const ProjectKey& key, std::string_view patientId) {
  const auto h = hashOf<16>(key, "limn deid patient id", patientId);
  return "LIMN-" + crypto::toHex(std::span<const std::uint8_t>(h.data(), 8));
}

int dateShiftDays(const ProjectKey& key, std::string_view patientId) {
  const auto h = hashOf<16>(key, "limn deid date shift", patientId);
  const std::uint32_t v = (std::uint32_t{h[0]} << 24) | (std::uint32_t{h[1]} << 16) | (std::uint32_t{h[2]} << 8) | h[3];
  return 1 + static_cast<int>(v % kMaxShiftDays);
}

}  // namespace limn::deid
