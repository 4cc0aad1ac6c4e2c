#include "client/core/dicom/parse_allocation_cap.h"

#include <cstdint>
#include <cstdlib>
#include <limits>
#include <new>

namespace limn::dicom {

namespace {
// No bound unless a cap is alive on this thread. (Wasm without threads has
// no thread-local storage, and no other thread.)
#if defined(__EMSCRIPTEN__) && !defined(__EMSCRIPTEN_PTHREADS__)
std::size_t t_allocationLimit = std::numeric_limits<std::size_t>::max();
#else
thread_local std::size_t t_allocationLimit = std::numeric_limits<std::size_t>::max();
#endif
}  // namespace

std::size_t parseAllocationLimit(std::size_t inputBytes) {
  const std::size_t scaled = inputBytes > std::numeric_limits<std::size_t>::max() / kParseAllocationPerInputByte
                                 ? std::numeric_limits<std::size_t>::max()
                                 : inputBytes * kParseAllocationPerInputByte;
  return scaled < kParseAllocationFloor ? kParseAllocationFloor : scaled;
}

ParseAllocationCap::ParseAllocationCap(std::size_t inputBytes) : m_previous(t_allocationLimit) {
  const std::size_t limit = parseAllocationLimit(inputBytes);
  if (limit < t_allocationLimit) t_allocationLimit = limit;  // nested caps only tighten
}

ParseAllocationCap::~ParseAllocationCap() { t_allocationLimit = m_previous; }

}  // namespace limn::dicom

namespace {

// Emscripten's dlmalloc aligns blocks to 8 bytes, so two large buffers lie
// 8 bytes apart modulo 16 about half the time. V8 runs memory.copy (and a
// typed array's set or slice) as the host's memmove, whose `rep movsb` path
// is about 15 times slower for such a pair on AMD Zen processors: 512 KiB
// took 160-190 us instead of 11-13 us on the development machine (the same
// natively with such pointers). Decoding an uncompressed CT slice copies its
// pixels twice, so this alone made decoding in wasm three times slower than
// native. Large blocks are therefore aligned to 16 bytes, as glibc aligns
// every block; small ones keep malloc's (memalign costs them space).
constexpr std::size_t kLargeBlockBytes = 4096;
constexpr std::size_t kLargeBlockAlignment = 16;

void* allocateBlock(std::size_t bytes) {
#ifdef __EMSCRIPTEN__
  if (bytes >= kLargeBlockBytes && bytes <= std::numeric_limits<std::size_t>::max() - kLargeBlockAlignment)
    return std::aligned_alloc(kLargeBlockAlignment, (bytes + kLargeBlockAlignment - 1) & ~(kLargeBlockAlignment - 1));
#endif
  return std::malloc(bytes);
}

}  // namespace

// The replaceable global allocation function (C++ [new.delete.single]),
// as the standard library's, plus the bound (and, in wasm, the alignment
// above). GDCM's buffers are std::vector<char>, which allocate through it;
// the standard library's operator delete frees what malloc and aligned_alloc
// gave, so only new is replaced.
void* operator new(std::size_t bytes) {
  if (bytes > limn::dicom::t_allocationLimit) throw std::bad_alloc();
  if (bytes == 0) bytes = 1;
  for (;;) {
    if (void* p = allocateBlock(bytes)) return p;
    std::new_handler handler = std::get_new_handler();
    if (!handler) throw std::bad_alloc();
    handler();
  }
}

void* operator new[](std::size_t bytes) { return ::operator new(bytes); }
