#include "client/core/dicom/gdcm_values.h"

#include "client/core/dicom/dicom_text.h"

namespace limn::dicom {

std::string stringValue(const gdcm::DataSet& ds, const gdcm::Tag& tag) {
  if (!ds.FindDataElement(tag)) return {};
  const gdcm::ByteValue* bv = ds.GetDataElement(tag).GetByteValue();
  if (!bv || !bv->GetPointer()) return {};
  return std::string(trimPadding(std::string_view(bv->GetPointer(), bv->GetLength())));
}

std::vector<std::optional<double>> numberList(const gdcm::DataSet& ds, const gdcm::Tag& tag) {
  return parseNumbers(stringValue(ds, tag));
}

std::optional<double> numberValue(const gdcm::DataSet& ds, const gdcm::Tag& tag, std::size_t n) {
  const auto values = numberList(ds, tag);
  return n < values.size() ? values[n] : std::nullopt;
}

}  // namespace limn::dicom
