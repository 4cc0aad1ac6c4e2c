#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "shared/crypto/sha256.h"

using namespace limn::crypto;

namespace {
std::span<const std::uint8_t> bytesOf(const std::string& s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}
}  // namespace

TEST_CASE("SHA-256 matches the FIPS 180-2 examples") {
  CHECK(toHex(sha256(bytesOf("abc"))) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(toHex(sha256(bytesOf(""))) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(toHex(sha256(bytesOf("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"))) ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST_CASE("incremental hashing equals one-shot hashing") {
  std::vector<std::uint8_t> data(100000);
  for (std::size_t i = 0; i < data.size(); ++i) data[i] = static_cast<std::uint8_t>(i * 31 + 7);
  Sha256 h;
  std::span<const std::uint8_t> all(data);
  h.update(all.subspan(0, 1));
  h.update(all.subspan(1, 4095));
  h.update(all.subspan(4096));
  CHECK(h.finish() == sha256(data));
}
