#include "client/core/dicom/truncated_value.h"

namespace limn::dicom {

Status checkNotTruncated(const MemoryIStream& in, const gdcm::File& file) {
  const bool deflated =
      file.GetHeader().GetDataSetTransferSyntax() == gdcm::TransferSyntax::DeflatedExplicitVRLittleEndian;
  if (in.sawShortRead() && !deflated)
    return makeError(ErrorCode::kDicomParse, "the file is truncated or malformed: a value ends after the file does");
  return okStatus();
}

}  // namespace limn::dicom
