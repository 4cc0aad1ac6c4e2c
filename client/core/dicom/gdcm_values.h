// Reading attribute values out of a GDCM data set: text without its DICOM
// padding, and DS/IS numbers. Shared by the readers in this module.
#pragma once

#include <gdcmDataSet.h>
#include <gdcmTag.h>

#include <optional>
#include <string>
#include <vector>

namespace limn::dicom {

// The value of `tag` as text without padding; empty when absent.
std::string stringValue(const gdcm::DataSet& ds, const gdcm::Tag& tag);

// Every value of a backslash-separated DS/IS attribute, parsed once; a value
// that does not parse is empty.
std::vector<std::optional<double>> numberList(const gdcm::DataSet& ds, const gdcm::Tag& tag);

// The n-th value of a DS/IS attribute, if present and it parses.
std::optional<double> numberValue(const gdcm::DataSet& ds, const gdcm::Tag& tag, std::size_t n = 0);

}  // namespace limn::dicom
