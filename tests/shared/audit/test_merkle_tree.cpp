#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "shared/audit/merkle_tree.h"

using namespace limn::audit;
using limn::crypto::toHex;

namespace {

// The leaves of the certificate-transparency reference tests.
std::vector<std::vector<std::uint8_t>> referenceEntries() {
  std::vector<std::vector<std::uint8_t>> e = {{}, {0x00}, {0x10}, {0x20, 0x21}, {0x30, 0x31}, {0x40, 0x41, 0x42, 0x43}};
  std::vector<std::uint8_t> a, b;
  for (int i = 0x50; i < 0x58; ++i) a.push_back(static_cast<std::uint8_t>(i));
  for (int i = 0x60; i < 0x70; ++i) b.push_back(static_cast<std::uint8_t>(i));
  e.push_back(a);
  e.push_back(b);
  return e;
}

std::vector<Hash> leavesOf(std::size_t n) {
  std::vector<Hash> leaves;
  for (std::size_t i = 0; i < n; ++i) {
    const std::string entry = "entry " + std::to_string(i);
    leaves.push_back(leafHash({reinterpret_cast<const std::uint8_t*>(entry.data()), entry.size()}));
  }
  return leaves;
}

}  // namespace

TEST_CASE("Merkle roots match the RFC 6962 reference tree") {
  const char* expected[] = {
      "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
      "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
      "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
      "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
      "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
      "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
      "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
  };
  std::vector<Hash> leaves;
  MerkleAccumulator acc;
  for (const auto& entry : referenceEntries()) {
    leaves.push_back(leafHash(entry));
    acc.append(leaves.back());
    CHECK(toHex(treeRoot(leaves)) == expected[leaves.size() - 1]);
    CHECK(acc.root() == treeRoot(leaves));
    CHECK(acc.size() == leaves.size());
  }
  CHECK(toHex(emptyTreeRoot()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(treeRoot({}) == emptyTreeRoot());
}

TEST_CASE("Every inclusion proof verifies, and a wrong leaf, index or proof does not") {
  for (std::size_t n = 1; n <= 33; ++n) {
    const auto leaves = leavesOf(n);
    const Hash root = treeRoot(leaves);
    for (std::size_t i = 0; i < n; ++i) {
      auto proof = inclusionProof(leaves, i);
      REQUIRE(verifyInclusion(leaves[i], i, n, proof, root));
      if (n > 1) {
        CHECK_FALSE(verifyInclusion(leaves[(i + 1) % n], i, n, proof, root));
        CHECK_FALSE(verifyInclusion(leaves[i], (i + 1) % n, n, proof, root));
        proof[0][0] ^= 1;
        CHECK_FALSE(verifyInclusion(leaves[i], i, n, proof, root));
        proof[0][0] ^= 1;
        proof.pop_back();
        CHECK_FALSE(verifyInclusion(leaves[i], i, n, proof, root));
      }
    }
    CHECK_FALSE(verifyInclusion(leaves[0], n, n, inclusionProof(leaves, 0), root));
  }
}

TEST_CASE("Every consistency proof verifies; a changed old tree or proof does not") {
  for (std::size_t n = 1; n <= 33; ++n) {
    const auto leaves = leavesOf(n);
    const Hash newRoot = treeRoot(leaves);
    for (std::size_t m = 1; m <= n; ++m) {
      const std::span<const Hash> prefix(leaves.data(), m);
      const Hash oldRoot = treeRoot(prefix);
      auto proof = consistencyProof(leaves, m);
      REQUIRE(verifyConsistency(m, n, oldRoot, newRoot, proof));
      if (m == n) continue;
      // The old tree rewritten: one of its leaves changed.
      auto forged = std::vector<Hash>(prefix.begin(), prefix.end());
      forged[m / 2][3] ^= 0x40;
      CHECK_FALSE(verifyConsistency(m, n, treeRoot(forged), newRoot, proof));
      proof.back()[0] ^= 1;
      CHECK_FALSE(verifyConsistency(m, n, oldRoot, newRoot, proof));
    }
    CHECK(verifyConsistency(0, n, emptyTreeRoot(), newRoot, {}));
    Hash other = newRoot;
    other[31] ^= 1;
    CHECK_FALSE(verifyConsistency(n, n, newRoot, other, {}));
    CHECK_FALSE(verifyConsistency(n, n - 1, newRoot, newRoot, {}));
  }
}
