// A synthetic CT series written by GDCM: a chest-like phantom (air, body,
// lungs, spine, a round lesion) with a little deterministic texture so
// every slice differs. For benchmarks and tests that need a volume of a
// given size; nothing here is patient data.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "shared/error/result.h"

namespace limn::dicom {

struct SyntheticSeriesSpec {
  std::uint32_t columns = 512;
  std::uint32_t rows = 512;
  std::uint32_t slices = 300;
  std::array<double, 3> spacingMm{0.7, 0.7, 1.25};  // between columns, rows, slices
};

// RescaleIntercept of the series: stored = HU + 1024.
inline constexpr double kSyntheticIntercept = -1024;

// Stored value at a voxel (z = slice index, ascending along +z).
std::int16_t phantomStoredValue(const SyntheticSeriesSpec& spec, std::uint32_t x, std::uint32_t y, std::uint32_t z);

// Writes slice_0000.dcm ... into `dir` (which must exist), one CT Image
// Storage instance per slice, explicit VR little endian. Returns the paths.
Result<std::vector<std::string>> writeSyntheticSeries(const SyntheticSeriesSpec& spec, const std::string& dir);

// One slice of a fresh series as DICOM Part 10 bytes, in memory (warms up
// a decoder, feeds tests without files).
Result<std::vector<std::uint8_t>> syntheticSliceBytes(const SyntheticSeriesSpec& spec, std::uint32_t z);

}  // namespace limn::dicom
