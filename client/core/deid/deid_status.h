// Whether a DICOM file says it was de-identified: Patient Identity Removed
// (0012,0062) is YES, as `limn deid` and the browser's de-identification
// write it. The gate before an image may leave the client, even sealed.
#pragma once

#include <cstdint>
#include <span>

#include "shared/error/result.h"

namespace limn::deid {

// kNotDicom for unreadable bytes; a clear kForbidden naming the attribute
// when the file does not say it was de-identified.
Status requireDeidentified(std::span<const std::uint8_t> bytes);

}  // namespace limn::deid
