#include "client/core/dicom/voi_reader.h"

#include <gdcmSequenceOfItems.h>

#include <algorithm>
#include <cstring>
#include <optional>

#include "client/core/dicom/dicom_text.h"
#include "client/core/dicom/gdcm_values.h"

namespace limn::dicom {

namespace {

const gdcm::Tag kWindowCenter(0x0028, 0x1050);
const gdcm::Tag kWindowWidth(0x0028, 0x1051);
const gdcm::Tag kWindowExplanation(0x0028, 0x1055);
const gdcm::Tag kVoiLutSequence(0x0028, 0x3010);
const gdcm::Tag kLutDescriptor(0x0028, 0x3002);
const gdcm::Tag kLutExplanation(0x0028, 0x3003);
const gdcm::Tag kLutData(0x0028, 0x3006);

constexpr std::size_t kDescriptorBytes = 3 * sizeof(std::uint16_t);

bool usableEntryBits(std::uint16_t bits) { return bits == 8 || (bits >= 10 && bits <= 16); }

// GDCM holds 16-bit values in host order once read (it swaps big endian
// data as it reads), so words are copied as they are.
std::optional<VoiTable> readTable(const gdcm::DataSet& item, bool signedPixels) {
  if (!item.FindDataElement(kLutDescriptor) || !item.FindDataElement(kLutData)) return std::nullopt;
  const gdcm::DataElement& descriptor = item.GetDataElement(kLutDescriptor);
  const gdcm::ByteValue* dv = descriptor.GetByteValue();
  const gdcm::ByteValue* data = item.GetDataElement(kLutData).GetByteValue();
  if (!dv || !dv->GetPointer() || dv->GetLength() < kDescriptorBytes || !data || !data->GetPointer()) return std::nullopt;
  std::uint16_t words[3];
  std::memcpy(words, dv->GetPointer(), kDescriptorBytes);
  VoiTable table;
  const std::size_t count = words[0] == 0 ? 65536 : words[0];  // 0 stands for 2^16 entries
  const gdcm::VR vr = descriptor.GetVR();
  const bool signedFirst = vr == gdcm::VR::SS || (vr != gdcm::VR::US && signedPixels);
  table.firstMapped = signedFirst ? static_cast<std::int16_t>(words[1]) : words[1];
  table.bitsPerEntry = words[2];
  if (!usableEntryBits(table.bitsPerEntry)) return std::nullopt;
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(data->GetPointer());
  const std::size_t length = data->GetLength();
  table.entries.resize(count);
  if (length >= count * 2) {
    std::memcpy(table.entries.data(), bytes, count * 2);
  } else if (table.bitsPerEntry == 8 && length >= count) {
    // 8-bit entries packed two to a word, as some writers store them.
    std::copy(bytes, bytes + count, table.entries.begin());
  } else {
    return std::nullopt;
  }
  table.explanation = stringValue(item, kLutExplanation);
  return table;
}

}  // namespace

std::vector<FileWindow> readFileWindows(const gdcm::DataSet& ds) {
  const auto centers = numberList(ds, kWindowCenter);
  const auto widths = numberList(ds, kWindowWidth);
  const std::string explanationText = stringValue(ds, kWindowExplanation);
  const auto explanations = splitValues(explanationText);
  std::vector<FileWindow> windows;
  for (std::size_t i = 0; i < std::min(centers.size(), widths.size()); ++i) {
    if (!centers[i] || !widths[i] || !(*widths[i] >= 1)) continue;
    FileWindow w{*centers[i], *widths[i], {}};
    if (i < explanations.size()) w.explanation = std::string(explanations[i]);
    windows.push_back(std::move(w));
  }
  return windows;
}

std::vector<VoiTable> readVoiTables(const gdcm::DataSet& ds, bool signedPixels) {
  std::vector<VoiTable> tables;
  if (!ds.FindDataElement(kVoiLutSequence)) return tables;
  gdcm::SmartPointer<gdcm::SequenceOfItems> sq = ds.GetDataElement(kVoiLutSequence).GetValueAsSQ();
  if (!sq) return tables;
  for (gdcm::SequenceOfItems::SizeType i = 1; i <= sq->GetNumberOfItems(); ++i)
    if (auto table = readTable(sq->GetItem(i).GetNestedDataSet(), signedPixels)) tables.push_back(std::move(*table));
  return tables;
}

}  // namespace limn::dicom
