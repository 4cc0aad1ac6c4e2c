// A read-only, seekable std::istream over bytes we do not own, so GDCM can
// parse a file the browser handed us without copying it.
#pragma once

#include <cstdint>
#include <istream>
#include <span>
#include <streambuf>

namespace limn::dicom {

class MemoryStreamBuf final : public std::streambuf {
 public:
  explicit MemoryStreamBuf(std::span<const std::uint8_t> bytes);

  // Whether a read asked for more bytes than were left while some were: a
  // value cut short by the end of the file (GDCM pads such values silently).
  // A read at the very end (looking for one more attribute) does not count.
  bool sawShortRead() const { return m_shortRead; }

 protected:
  std::streamsize xsgetn(char* s, std::streamsize n) override;
  pos_type seekoff(off_type off, std::ios_base::seekdir dir, std::ios_base::openmode which) override;
  pos_type seekpos(pos_type pos, std::ios_base::openmode which) override;

 private:
  bool m_shortRead = false;
};

class MemoryIStream final : public std::istream {
 public:
  explicit MemoryIStream(std::span<const std::uint8_t> bytes) : std::istream(nullptr), m_buf(bytes) {
    rdbuf(&m_buf);
  }

  bool sawShortRead() const { return m_buf.sawShortRead(); }

 private:
  MemoryStreamBuf m_buf;
};

}  // namespace limn::dicom
