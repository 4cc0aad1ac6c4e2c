// RFC 6962 Merkle tree hashing for the append-only audit log, shared by the
// server (which appends and proves) and clients (which verify):
//
//   leaf = SHA-256(0x00 || entry)        node = SHA-256(0x01 || left || right)
//   MTH of n > 1 leaves splits at k, the largest power of two below n.
//
// Proof generation follows RFC 6962 2.1.1 (PATH) and 2.1.2 (PROOF);
// verification follows RFC 9162 2.1.3.2 and 2.1.4.2.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "shared/crypto/sha256.h"

namespace limn::audit {

using Hash = crypto::Sha256Digest;

Hash leafHash(std::span<const std::uint8_t> entry);
Hash nodeHash(const Hash& left, const Hash& right);
// MTH({}) = SHA-256 of nothing.
Hash emptyTreeRoot();

// The root of leaves [0, n) from their leaf hashes.
Hash treeRoot(std::span<const Hash> leaves);

// Audit path of leaf `index` in the tree of all `leaves` (index < size).
std::vector<Hash> inclusionProof(std::span<const Hash> leaves, std::uint64_t index);
// Proof that the tree of the first `oldSize` leaves is a prefix of the tree
// of all `leaves` (0 < oldSize <= size).
std::vector<Hash> consistencyProof(std::span<const Hash> leaves, std::uint64_t oldSize);

[[nodiscard]] bool verifyInclusion(const Hash& leaf, std::uint64_t index, std::uint64_t size,
                                   std::span<const Hash> proof, const Hash& root);
[[nodiscard]] bool verifyConsistency(std::uint64_t oldSize, std::uint64_t newSize, const Hash& oldRoot,
                                     const Hash& newRoot, std::span<const Hash> proof);

// The root of a growing tree in O(log n) memory and time per append: keeps
// the roots of the perfect subtrees that make up the current size.
class MerkleAccumulator {
 public:
  void append(const Hash& leaf);
  Hash root() const;
  std::uint64_t size() const { return m_size; }

 private:
  std::vector<Hash> m_peaks;  // largest subtree first
  std::uint64_t m_size = 0;
};

}  // namespace limn::audit
