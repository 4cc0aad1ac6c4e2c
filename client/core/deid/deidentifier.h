// De-identifies one DICOM file in memory: PS3.15 Annex E Basic Profile from
// Table E.1-1, its options, HIPAA Safe Harbor, consistent pseudonyms, free
// text scrubbing, burned-in decisions and pixel redaction. The same code runs
// in the browser (wasm) and in `limn deid`.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "client/core/deid/deid_config.h"
#include "client/core/deid/deid_report.h"
#include "shared/error/result.h"

namespace limn::deid {

struct DeidResult {
  std::vector<std::uint8_t> bytes;  // the de-identified file; empty when refused
  FileReport report;                // status kDeidentified or kRefused
};

// An error only when the input cannot be read as DICOM (nothing written);
// a file that may carry burned-in identifiers and has no decision in
// `config.burnedIn` comes back refused, with the reason.
Result<DeidResult> deidentifyDicom(std::span<const std::uint8_t> bytes, const DeidConfig& config);

}  // namespace limn::deid
