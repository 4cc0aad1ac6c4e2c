// DICOM string values: padding stripped, multi-valued strings split at the
// backslash.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace limn::dicom {

// Without the padding DICOM allows (trailing spaces or NUL, leading spaces).
std::string_view trimPadding(std::string_view value);

// The values of a multi-valued string (VM > 1), each trimmed; one empty
// value for an empty string.
std::vector<std::string_view> splitValues(std::string_view value);

// The numbers of a DS or IS value, one per backslash-separated value
// (padding allowed); a value that does not parse is empty. Nothing for "".
std::vector<std::optional<double>> parseNumbers(std::string_view value);

// Joins values back with backslashes.
std::string joinValues(const std::vector<std::string>& values);

}  // namespace limn::dicom
