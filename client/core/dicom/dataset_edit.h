// Reading and writing attribute values of a GDCM data set, for code that
// edits data sets (de-identification) or builds them (DICOM SEG export).
// Internal to client/core: GDCM types.
#pragma once

#include <gdcmDataSet.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace limn::dicom {

constexpr std::uint32_t tagOf(std::uint16_t group, std::uint16_t element) {
  return std::uint32_t{group} << 16 | element;
}
inline gdcm::Tag gdcmTag(std::uint32_t tag) { return gdcm::Tag(tag >> 16, tag & 0xFFFF); }

// The raw bytes of an element's value ("" without one).
std::string valueOf(const gdcm::DataElement& de);
// A string attribute without its padding ("" when absent).
std::string stringAt(const gdcm::DataSet& ds, std::uint32_t tag);
// A US value as GDCM holds it in memory (little-endian); 0 when absent.
std::uint16_t unsignedShortAt(const gdcm::DataSet& ds, std::uint32_t tag);
// An FD value likewise; nothing when absent, shorter than 8 bytes or not finite.
std::optional<double> doubleAt(const gdcm::DataSet& ds, std::uint32_t tag);

// Stores `value`, padded to even length as its VR requires ('\0' for UI).
void setString(gdcm::DataSet& ds, gdcm::DataElement de, std::string value, gdcm::VR vr);
void setString(gdcm::DataSet& ds, std::uint32_t tag, std::string value, gdcm::VR vr);
// Binary values (US, OB, ...) as given, little-endian.
void setBytes(gdcm::DataSet& ds, std::uint32_t tag, const void* bytes, std::size_t size, gdcm::VR vr);
void setUS(gdcm::DataSet& ds, std::uint32_t tag, std::uint16_t value);
// A sequence of undefined length holding `items` (none: an empty sequence).
void setSequence(gdcm::DataSet& ds, gdcm::DataElement de, const std::vector<gdcm::DataSet>& items);
void setSequence(gdcm::DataSet& ds, std::uint32_t tag, const std::vector<gdcm::DataSet>& items);

// A code sequence item: CodeValue, CodingSchemeDesignator, CodeMeaning.
gdcm::DataSet codeItem(const std::string& value, const std::string& scheme, const std::string& meaning);

}  // namespace limn::dicom
