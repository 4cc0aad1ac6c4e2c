#include "shared/audit/merkle_tree.h"

#include <bit>

namespace limn::audit {

namespace {

constexpr std::uint8_t kLeafPrefix = 0x00;
constexpr std::uint8_t kNodePrefix = 0x01;

// k: the largest power of two strictly below n (n >= 2).
std::uint64_t splitPoint(std::uint64_t n) { return std::bit_floor(n - 1); }

void appendPath(std::span<const Hash> leaves, std::uint64_t index, std::vector<Hash>& out) {
  const std::uint64_t n = leaves.size();
  if (n <= 1) return;
  const std::uint64_t k = splitPoint(n);
  if (index < k) {
    appendPath(leaves.first(k), index, out);
    out.push_back(treeRoot(leaves.subspan(k)));
  } else {
    appendPath(leaves.subspan(k), index - k, out);
    out.push_back(treeRoot(leaves.first(k)));
  }
}

void appendSubproof(std::span<const Hash> leaves, std::uint64_t m, bool complete, std::vector<Hash>& out) {
  const std::uint64_t n = leaves.size();
  if (m == n) {
    if (!complete) out.push_back(treeRoot(leaves));
    return;
  }
  const std::uint64_t k = splitPoint(n);
  if (m <= k) {
    appendSubproof(leaves.first(k), m, complete, out);
    out.push_back(treeRoot(leaves.subspan(k)));
  } else {
    appendSubproof(leaves.subspan(k), m - k, false, out);
    out.push_back(treeRoot(leaves.first(k)));
  }
}

// Shift fn and sn right together until fn's lowest bit is set or fn is 0.
void shiftUntilOdd(std::uint64_t& fn, std::uint64_t& sn) {
  while ((fn & 1) == 0 && fn != 0) {
    fn >>= 1;
    sn >>= 1;
  }
}

}  // namespace

Hash leafHash(std::span<const std::uint8_t> entry) {
  crypto::Sha256 h;
  h.update(std::span<const std::uint8_t>(&kLeafPrefix, 1));
  h.update(entry);
  return h.finish();
}

Hash nodeHash(const Hash& left, const Hash& right) {
  crypto::Sha256 h;
  h.update(std::span<const std::uint8_t>(&kNodePrefix, 1));
  h.update(left);
  h.update(right);
  return h.finish();
}

Hash emptyTreeRoot() { return crypto::sha256({}); }

Hash treeRoot(std::span<const Hash> leaves) {
  MerkleAccumulator acc;
  for (const Hash& leaf : leaves) acc.append(leaf);
  return acc.root();
}

std::vector<Hash> inclusionProof(std::span<const Hash> leaves, std::uint64_t index) {
  std::vector<Hash> out;
  if (index < leaves.size()) appendPath(leaves, index, out);
  return out;
}

std::vector<Hash> consistencyProof(std::span<const Hash> leaves, std::uint64_t oldSize) {
  std::vector<Hash> out;
  if (oldSize > 0 && oldSize <= leaves.size()) appendSubproof(leaves, oldSize, true, out);
  return out;
}

bool verifyInclusion(const Hash& leaf, std::uint64_t index, std::uint64_t size, std::span<const Hash> proof,
                     const Hash& root) {
  if (index >= size) return false;
  std::uint64_t fn = index, sn = size - 1;
  Hash r = leaf;
  for (const Hash& p : proof) {
    if (sn == 0) return false;
    if ((fn & 1) || fn == sn) {
      r = nodeHash(p, r);
      if (!(fn & 1)) shiftUntilOdd(fn, sn);
    } else {
      r = nodeHash(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return sn == 0 && r == root;
}

bool verifyConsistency(std::uint64_t oldSize, std::uint64_t newSize, const Hash& oldRoot, const Hash& newRoot,
                       std::span<const Hash> proof) {
  if (oldSize > newSize) return false;
  if (oldSize == newSize) return proof.empty() && oldRoot == newRoot;
  if (oldSize == 0) return proof.empty();  // the empty tree is a prefix of every tree
  std::vector<Hash> path(proof.begin(), proof.end());
  if (std::has_single_bit(oldSize)) path.insert(path.begin(), oldRoot);
  if (path.empty()) return false;
  std::uint64_t fn = oldSize - 1, sn = newSize - 1;
  while (fn & 1) {  // up to the first left child on old's right border
    fn >>= 1;
    sn >>= 1;
  }
  Hash fr = path[0], sr = path[0];
  for (std::size_t i = 1; i < path.size(); ++i) {
    const Hash& c = path[i];
    if (sn == 0) return false;
    if ((fn & 1) || fn == sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (!(fn & 1)) shiftUntilOdd(fn, sn);
    } else {
      sr = nodeHash(sr, c);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return fr == oldRoot && sr == newRoot && sn == 0;
}

void MerkleAccumulator::append(const Hash& leaf) {
  // Each set low bit of the old size is a perfect subtree the new leaf
  // completes, like carries in binary addition.
  Hash carry = leaf;
  for (std::uint64_t s = m_size; s & 1; s >>= 1) {
    carry = nodeHash(m_peaks.back(), carry);
    m_peaks.pop_back();
  }
  m_peaks.push_back(carry);
  ++m_size;
}

Hash MerkleAccumulator::root() const {
  if (m_peaks.empty()) return emptyTreeRoot();
  Hash r = m_peaks.back();
  for (auto it = m_peaks.rbegin() + 1; it != m_peaks.rend(); ++it) r = nodeHash(*it, r);
  return r;
}

}  // namespace limn::audit
