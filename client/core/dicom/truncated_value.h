// A value cut short by the end of the file. GDCM sizes a value from the
// length the file declares and pads what the file lacks with zeros, so a
// truncated image would decode to a picture whose last rows are black, and
// a de-identified copy would carry the padding as data. Both refuse it.
#pragma once

#include <gdcmFile.h>

#include "client/core/dicom/memory_stream.h"
#include "shared/error/result.h"

namespace limn::dicom {

// After `file` was read from `in`: an error when a read came up short.
// A deflated data set is exempt: zlib reads ahead in blocks, and a cut
// deflate stream fails to inflate instead.
Status checkNotTruncated(const MemoryIStream& in, const gdcm::File& file);

}  // namespace limn::dicom
