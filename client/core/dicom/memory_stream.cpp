#include "client/core/dicom/memory_stream.h"

namespace limn::dicom {

MemoryStreamBuf::MemoryStreamBuf(std::span<const std::uint8_t> bytes) {
  // std::streambuf wants char*, but only the get area is used: never written.
  char* begin = const_cast<char*>(reinterpret_cast<const char*>(bytes.data()));
  setg(begin, begin, begin + bytes.size());
}

MemoryStreamBuf::pos_type MemoryStreamBuf::seekoff(off_type off, std::ios_base::seekdir dir,
                                                   std::ios_base::openmode which) {
  if (!(which & std::ios_base::in)) return pos_type(off_type(-1));
  off_type base = 0;
  if (dir == std::ios_base::cur) base = gptr() - eback();
  else if (dir == std::ios_base::end) base = egptr() - eback();
  const off_type target = base + off;
  if (target < 0 || target > egptr() - eback()) return pos_type(off_type(-1));
  setg(eback(), eback() + target, egptr());
  return pos_type(target);
}

std::streamsize MemoryStreamBuf::xsgetn(char* s, std::streamsize n) {
  const std::streamsize available = egptr() - gptr();
  if (n > available && available > 0) m_shortRead = true;
  return std::streambuf::xsgetn(s, n);
}

MemoryStreamBuf::pos_type MemoryStreamBuf::seekpos(pos_type pos, std::ios_base::openmode which) {
  return seekoff(off_type(pos), std::ios_base::beg, which);
}

}  // namespace limn::dicom
