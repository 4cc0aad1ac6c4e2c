#include "client/core/dicom/dataset_edit.h"

#include <gdcmSequenceOfItems.h>

#include <cmath>
#include <cstring>

#include "client/core/dicom/dicom_text.h"

namespace limn::dicom {

std::string valueOf(const gdcm::DataElement& de) {
  const gdcm::ByteValue* bv = de.GetByteValue();
  return bv && bv->GetPointer() ? std::string(bv->GetPointer(), bv->GetLength()) : std::string();
}

std::string stringAt(const gdcm::DataSet& ds, std::uint32_t tag) {
  const gdcm::Tag t = gdcmTag(tag);
  return ds.FindDataElement(t) ? std::string(trimPadding(valueOf(ds.GetDataElement(t)))) : std::string();
}

std::uint16_t unsignedShortAt(const gdcm::DataSet& ds, std::uint32_t tag) {
  const gdcm::Tag t = gdcmTag(tag);
  if (!ds.FindDataElement(t)) return 0;
  const std::string v = valueOf(ds.GetDataElement(t));
  return v.size() >= 2 ? static_cast<std::uint16_t>(static_cast<unsigned char>(v[0]) | static_cast<unsigned char>(v[1]) << 8)
                       : 0;
}

std::optional<double> doubleAt(const gdcm::DataSet& ds, std::uint32_t tag) {
  const gdcm::Tag t = gdcmTag(tag);
  if (!ds.FindDataElement(t)) return std::nullopt;
  const std::string v = valueOf(ds.GetDataElement(t));
  if (v.size() < sizeof(double)) return std::nullopt;
  std::uint64_t bits = 0;
  for (int i = 7; i >= 0; --i) bits = bits << 8 | static_cast<unsigned char>(v[static_cast<std::size_t>(i)]);
  double value = 0;
  std::memcpy(&value, &bits, sizeof value);
  if (!std::isfinite(value)) return std::nullopt;
  return value;
}

void setString(gdcm::DataSet& ds, gdcm::DataElement de, std::string value, gdcm::VR vr) {
  if (value.size() % 2) value.push_back(vr == gdcm::VR::UI ? '\0' : ' ');
  if (vr != gdcm::VR::INVALID && vr != gdcm::VR::SQ) de.SetVR(vr);
  de.SetByteValue(value.data(), gdcm::VL(static_cast<std::uint32_t>(value.size())));
  ds.Replace(de);
}

void setString(gdcm::DataSet& ds, std::uint32_t tag, std::string value, gdcm::VR vr) {
  setString(ds, gdcm::DataElement(gdcmTag(tag)), std::move(value), vr);
}

void setBytes(gdcm::DataSet& ds, std::uint32_t tag, const void* bytes, std::size_t size, gdcm::VR vr) {
  gdcm::DataElement de(gdcmTag(tag));
  de.SetVR(vr);
  de.SetByteValue(static_cast<const char*>(bytes), gdcm::VL(static_cast<std::uint32_t>(size)));
  ds.Replace(de);
}

void setUS(gdcm::DataSet& ds, std::uint32_t tag, std::uint16_t value) {
  const unsigned char le[2] = {static_cast<unsigned char>(value & 0xFF), static_cast<unsigned char>(value >> 8)};
  setBytes(ds, tag, le, 2, gdcm::VR::US);
}

void setSequence(gdcm::DataSet& ds, gdcm::DataElement de, const std::vector<gdcm::DataSet>& items) {
  gdcm::SmartPointer<gdcm::SequenceOfItems> sq = new gdcm::SequenceOfItems;
  sq->SetLengthToUndefined();
  for (const gdcm::DataSet& nested : items) {
    gdcm::Item item;
    item.SetVLToUndefined();
    item.SetNestedDataSet(nested);
    sq->AddItem(item);
  }
  de.SetVR(gdcm::VR::SQ);
  de.SetValue(*sq);
  de.SetVLToUndefined();
  ds.Replace(de);
}

void setSequence(gdcm::DataSet& ds, std::uint32_t tag, const std::vector<gdcm::DataSet>& items) {
  setSequence(ds, gdcm::DataElement(gdcmTag(tag)), items);
}

gdcm::DataSet codeItem(const std::string& value, const std::string& scheme, const std::string& meaning) {
  gdcm::DataSet item;
  setString(item, tagOf(0x0008, 0x0100), value, gdcm::VR::SH);
  setString(item, tagOf(0x0008, 0x0102), scheme, gdcm::VR::SH);
  setString(item, tagOf(0x0008, 0x0104), meaning, gdcm::VR::LO);
  return item;
}

}  // namespace limn::dicom
