// A bound on any one allocation while GDCM parses bytes we did not write.
// GDCM sizes a value's buffer from the length the file declares, and zeroes
// it, before it reads a byte of it: a damaged 9 KB file asked for 2 GB four
// times over (11 s and 4 GB of memory natively; in a browser tab, memory a
// wasm module never gives back). While a ParseAllocationCap lives on a
// thread, one allocation above its bound fails there with std::bad_alloc,
// which GDCM reports as a failed read. Hold one around Reader::Read() only
// (ImageReader::Read() decodes RLE to learn whether it is lossy, hence the
// factor below): decoding pixels afterwards may legitimately need far more
// than the file's size (a JPEG 2000 frame at 50:1).
#pragma once

#include <cstddef>

namespace limn::dicom {

// The most one allocation may take while parsing `inputBytes` of a file:
// 128 times its size (RLE decodes up to 64 bytes per input byte, GDCM
// does so into a string stream that doubles; a deflated data set
// inflates), and never under 64 MiB.
inline constexpr std::size_t kParseAllocationFloor = std::size_t{64} << 20;
inline constexpr std::size_t kParseAllocationPerInputByte = 128;
std::size_t parseAllocationLimit(std::size_t inputBytes);

class ParseAllocationCap {
 public:
  explicit ParseAllocationCap(std::size_t inputBytes);
  ~ParseAllocationCap();
  ParseAllocationCap(const ParseAllocationCap&) = delete;
  ParseAllocationCap& operator=(const ParseAllocationCap&) = delete;

 private:
  std::size_t m_previous;
};

// Runs one GDCM read of `inputBytes` (reader.Read(), reader.ReadUpToTag())
// under a cap: parsedWithinCap(bytes.size(), [&] { return reader.Read(); }).
template <typename Read>
bool parsedWithinCap(std::size_t inputBytes, Read&& read) {
  ParseAllocationCap cap(inputBytes);
  return read();
}

}  // namespace limn::dicom
