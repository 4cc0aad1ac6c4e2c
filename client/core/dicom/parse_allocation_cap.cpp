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

// The replaceable global allocation function (C++ [new.delete.single]),
// as the standard library's, plus the bound. GDCM's buffers are
// std::vector<char>, which allocate through it; the standard library's
// operator delete frees what malloc gave, so only new is replaced.
void* operator new(std::size_t bytes) {
  if (bytes > limn::dicom::t_allocationLimit) throw std::bad_alloc();
  if (bytes == 0) bytes = 1;
  for (;;) {
    if (void* p = std::malloc(bytes)) return p;
    std::new_handler handler = std::get_new_handler();
    if (!handler) throw std::bad_alloc();
    handler();
  }
}

void* operator new[](std::size_t bytes) { return ::operator new(bytes); }
