#include "client/core/deid/pixel_redaction.h"

#include <gdcmImageChangeTransferSyntax.h>

#include <algorithm>
#include <vector>

namespace limn::deid {

// Blanks `boxes` in every frame of the decompressed image, which replaces
// the stored pixel data (written uncompressed, explicit little endian).
Status redact(gdcm::Image& image, std::span<const RedactionBox> boxes) {
  gdcm::ImageChangeTransferSyntax change;
  change.SetTransferSyntax(gdcm::TransferSyntax::ExplicitVRLittleEndian);
  change.SetInput(image);
  if (!change.Change()) return makeError(ErrorCode::kDecodeFailed, "the pixel data could not be decompressed");
  gdcm::Image out = change.GetOutput();
  const gdcm::PixelFormat pf = out.GetPixelFormat();
  if (pf.GetBitsAllocated() % 8)
    return makeError(ErrorCode::kUnsupportedEncoding, "cannot redact 1-bit pixel data");
  const std::size_t bytesPerSample = pf.GetBitsAllocated() / 8, samples = pf.GetSamplesPerPixel();
  const std::size_t columns = out.GetDimension(0), rows = out.GetDimension(1);
  const std::size_t frames = out.GetNumberOfDimensions() > 2 ? out.GetDimension(2) : 1;
  const gdcm::ByteValue* bv = out.GetDataElement().GetByteValue();
  const std::size_t frameBytes = rows * columns * samples * bytesPerSample;
  if (!bv || bv->GetLength() < frameBytes * frames)
    return makeError(ErrorCode::kDecodeFailed, "the decompressed pixel data is shorter than its header says");
  std::vector<char> pixels(bv->GetPointer(), bv->GetPointer() + bv->GetLength());
  const bool planar = samples > 1 && out.GetPlanarConfiguration() == 1;
  for (std::size_t f = 0; f < frames; ++f) {
    char* frame = pixels.data() + f * frameBytes;
    for (const RedactionBox& b : boxes) {
      const std::size_t x1 = std::min<std::size_t>(columns, std::size_t{b.x} + b.width);
      const std::size_t y1 = std::min<std::size_t>(rows, std::size_t{b.y} + b.height);
      for (std::size_t y = b.y; y < y1; ++y) {
        if (b.x >= x1) break;
        if (planar) {
          for (std::size_t s = 0; s < samples; ++s)
            std::fill_n(frame + ((s * rows + y) * columns + b.x) * bytesPerSample, (x1 - b.x) * bytesPerSample, 0);
        } else {
          std::fill_n(frame + (y * columns + b.x) * samples * bytesPerSample, (x1 - b.x) * samples * bytesPerSample,
                      0);
        }
      }
    }
  }
  gdcm::DataElement pd = out.GetDataElement();
  pd.SetByteValue(pixels.data(), gdcm::VL(static_cast<std::uint32_t>(pixels.size())));
  out.SetDataElement(pd);
  image = out;
  return okStatus();
}

}  // namespace limn::deid
