#include "client/core/deid/deid_status.h"

#include <gdcmReader.h>

#include "client/core/dicom/dataset_edit.h"
#include "client/core/dicom/memory_stream.h"
#include "client/core/dicom/parse_allocation_cap.h"

namespace limn::deid {

Status requireDeidentified(std::span<const std::uint8_t> bytes) {
  dicom::MemoryIStream in(bytes);
  gdcm::Reader reader;
  reader.SetStream(in);
  // Stops before the pixel data: only the header's attributes matter here.
  if (!dicom::parsedWithinCap(bytes.size(), [&] { return reader.ReadUpToTag(gdcm::Tag(0x7FE0, 0x0010)); }))
    return makeError(ErrorCode::kNotDicom, "not a readable DICOM file");
  if (dicom::stringAt(reader.GetFile().GetDataSet(), dicom::tagOf(0x0012, 0x0062)) != "YES")
    return makeError(ErrorCode::kForbidden,
                     "forbidden: the file does not say it was de-identified (Patient Identity Removed is not YES); "
                     "run limn deid on it first");
  return okStatus();
}

}  // namespace limn::deid
