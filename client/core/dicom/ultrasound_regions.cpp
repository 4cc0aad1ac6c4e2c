#include "client/core/dicom/ultrasound_regions.h"

#include <gdcmSequenceOfItems.h>

#include <algorithm>
#include <cmath>

#include "client/core/dicom/dataset_edit.h"

namespace limn::dicom {

namespace {

constexpr std::uint32_t kRegions = tagOf(0x0018, 0x6011);
constexpr std::uint32_t kSpatialFormat = tagOf(0x0018, 0x6012);
constexpr std::uint32_t kUnitsX = tagOf(0x0018, 0x6024);
constexpr std::uint32_t kUnitsY = tagOf(0x0018, 0x6026);
constexpr std::uint32_t kDeltaX = tagOf(0x0018, 0x602C);
constexpr std::uint32_t kDeltaY = tagOf(0x0018, 0x602E);
constexpr std::uint16_t kTissue2D = 1;
constexpr std::uint16_t kCentimetres = 3;
constexpr double kSameRelative = 1e-6;

bool same(double a, double b) { return std::abs(a - b) <= kSameRelative * std::max(std::abs(a), std::abs(b)); }

}  // namespace

std::optional<std::array<double, 2>> ultrasoundPixelSpacing(const gdcm::DataSet& ds) {
  const gdcm::Tag regions = gdcmTag(kRegions);
  if (!ds.FindDataElement(regions)) return std::nullopt;
  const gdcm::SmartPointer<gdcm::SequenceOfItems> sq = ds.GetDataElement(regions).GetValueAsSQ();
  if (!sq) return std::nullopt;
  std::optional<std::array<double, 2>> spacing;
  for (gdcm::SequenceOfItems::SizeType i = 1; i <= sq->GetNumberOfItems(); ++i) {
    const gdcm::DataSet& item = sq->GetItem(i).GetNestedDataSet();
    if (unsignedShortAt(item, kSpatialFormat) != kTissue2D || unsignedShortAt(item, kUnitsX) != kCentimetres ||
        unsignedShortAt(item, kUnitsY) != kCentimetres)
      continue;
    const auto dx = doubleAt(item, kDeltaX), dy = doubleAt(item, kDeltaY);
    if (!dx || !dy || *dx == 0 || *dy == 0) return std::nullopt;
    const std::array<double, 2> mm{std::abs(*dy) * 10, std::abs(*dx) * 10};
    if (spacing && (!same((*spacing)[0], mm[0]) || !same((*spacing)[1], mm[1]))) return std::nullopt;
    spacing = mm;
  }
  return spacing;
}

}  // namespace limn::dicom
