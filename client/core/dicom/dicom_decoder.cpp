#include "client/core/dicom/dicom_decoder.h"

#include <gdcmDataSet.h>
#include <gdcmFileMetaInformation.h>
#include <gdcmImage.h>
#include <gdcmImageReader.h>
#include <gdcmLookupTable.h>
#include <gdcmPhotometricInterpretation.h>
#include <gdcmPixelFormat.h>
#include <gdcmReader.h>
#include <gdcmSequenceOfItems.h>
#include <gdcmTrace.h>
#include <gdcmTransferSyntax.h>

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <vector>

#include "client/core/dicom/checked_image_reader.h"
#include "client/core/dicom/dataset_edit.h"
#include "client/core/dicom/dicom_text.h"
#include "client/core/dicom/gdcm_boundary.h"
#include "client/core/dicom/gdcm_layout_fixes.h"
#include "client/core/dicom/gdcm_values.h"
#include "client/core/dicom/memory_stream.h"
#include "client/core/dicom/parse_allocation_cap.h"
#include "client/core/dicom/truncated_value.h"
#include "client/core/dicom/ultrasound_regions.h"
#include "client/core/dicom/voi_reader.h"
#include "shared/io/file_bytes.h"

namespace limn::dicom {

namespace {

const gdcm::Tag kTransferSyntaxUid(0x0002, 0x0010);
const gdcm::Tag kSopClassUid(0x0008, 0x0016);
const gdcm::Tag kModality(0x0008, 0x0060);
const gdcm::Tag kSopInstanceUid(0x0008, 0x0018);
const gdcm::Tag kSeriesDescription(0x0008, 0x103e);
const gdcm::Tag kStudyInstanceUid(0x0020, 0x000d);
const gdcm::Tag kSeriesInstanceUid(0x0020, 0x000e);
const gdcm::Tag kSeriesNumber(0x0020, 0x0011);
const gdcm::Tag kInstanceNumber(0x0020, 0x0013);
const gdcm::Tag kEchoNumbers(0x0018, 0x0086);
const gdcm::Tag kTemporalPositionIdentifier(0x0020, 0x0100);
const gdcm::Tag kAcquisitionNumber(0x0020, 0x0012);
constexpr std::uint32_t kDiffusionBValue = tagOf(0x0018, 0x9087);  // FD: read with doubleAt
const gdcm::Tag kImagePositionPatient(0x0020, 0x0032);
const gdcm::Tag kImageOrientationPatient(0x0020, 0x0037);
const gdcm::Tag kFrameOfReferenceUid(0x0020, 0x0052);
const gdcm::Tag kSpacingBetweenSlices(0x0018, 0x0088);
const gdcm::Tag kGridFrameOffsetVector(0x3004, 0x000c);
const gdcm::Tag kSharedFunctionalGroups(0x5200, 0x9229);
const gdcm::Tag kPerFrameFunctionalGroups(0x5200, 0x9230);
const gdcm::Tag kPixelMeasuresSequence(0x0028, 0x9110);
const gdcm::Tag kPlanePositionSequence(0x0020, 0x9113);
const gdcm::Tag kFrameVoiLutSequence(0x0028, 0x9132);
const gdcm::Tag kPixelValueTransformationSequence(0x0028, 0x9145);
const gdcm::Tag kImagerPixelSpacing(0x0018, 0x1164);
const gdcm::Tag kPixelSpacing(0x0028, 0x0030);
const gdcm::Tag kEstimatedMagnification(0x0018, 0x1114);  // Estimated Radiographic Magnification Factor
const gdcm::Tag kVoiLutFunction(0x0028, 0x1056);
const gdcm::Tag kRescaleIntercept(0x0028, 0x1052);
const gdcm::Tag kRescaleSlope(0x0028, 0x1053);
const gdcm::Tag kPixelRepresentation(0x0028, 0x0103);
const gdcm::Tag kPixelData(0x7fe0, 0x0010);
const gdcm::Tag kFloatPixelData(0x7fe0, 0x0008);
const gdcm::Tag kDoubleFloatPixelData(0x7fe0, 0x0009);

// GDCM reports problems on std::cerr; we report them as values instead.
void silenceGdcm() {
  static const bool kDone = [] {
    gdcm::Trace::SetDebug(false);
    gdcm::Trace::SetWarning(false);
    gdcm::Trace::SetError(false);
    return true;
  }();
  (void)kDone;
}

// Pixel Representation (US): 1 for two's complement samples.
bool hasSignedPixels(const gdcm::DataSet& ds) {
  if (!ds.FindDataElement(kPixelRepresentation)) return false;
  const gdcm::ByteValue* bv = ds.GetDataElement(kPixelRepresentation).GetByteValue();
  std::uint16_t value = 0;
  if (!bv || !bv->GetPointer() || bv->GetLength() < sizeof value) return false;
  std::memcpy(&value, bv->GetPointer(), sizeof value);
  return value == 1;
}

bool hasDicmMagic(std::span<const std::uint8_t> bytes) {
  return bytes.size() >= 132 && std::memcmp(bytes.data() + 128, "DICM", 4) == 0;
}

// The first item of sequence `tag` in `ds`, copied (GDCM may build the
// sequence on demand, so a reference into it would not outlive the call).
std::optional<gdcm::DataSet> firstItem(const gdcm::DataSet& ds, const gdcm::Tag& tag) {
  if (!ds.FindDataElement(tag)) return std::nullopt;
  gdcm::SmartPointer<gdcm::SequenceOfItems> sq = ds.GetDataElement(tag).GetValueAsSQ();
  if (!sq || sq->GetNumberOfItems() == 0) return std::nullopt;
  return sq->GetItem(1).GetNestedDataSet();
}

// An enhanced object's functional group macro (e.g. Pixel Measures): from
// the shared groups, else from the first frame's (PS3.3 C.7.6.16).
std::optional<gdcm::DataSet> functionalGroup(const gdcm::DataSet& ds, const gdcm::Tag& macro) {
  for (const gdcm::Tag& groups : {kSharedFunctionalGroups, kPerFrameFunctionalGroups}) {
    const auto outer = firstItem(ds, groups);
    if (!outer) continue;
    if (auto inner = firstItem(*outer, macro)) return inner;
  }
  return std::nullopt;
}

void readDisplayFrom(const gdcm::DataSet& ds, bool signedPixels, DisplayAttributes& d) {
  if (!d.rescaleSlope) d.rescaleSlope = numberValue(ds, kRescaleSlope);
  if (!d.rescaleIntercept) d.rescaleIntercept = numberValue(ds, kRescaleIntercept);
  if (d.windows.empty()) {
    d.windows = readFileWindows(ds);
    d.voiFunction = stringValue(ds, kVoiLutFunction);
  }
  if (d.voiTables.empty()) d.voiTables = readVoiTables(ds, signedPixels);
  if (!d.pixelSpacingRow && !d.pixelSpacingColumn) {
    const bool imager = !ds.FindDataElement(kPixelSpacing);
    // A spacing of 0 or less is no spacing (measurements and MPR aspect divide by it).
    const auto spacing = numberList(ds, imager ? kImagerPixelSpacing : kPixelSpacing);
    if (spacing.size() >= 2 && spacing[0] > 0.0 && spacing[1] > 0.0) {
      d.pixelSpacingRow = spacing[0];
      d.pixelSpacingColumn = spacing[1];
      // A projection image's detector spacing is magnified against the
      // patient (source, patient and detector apart): divided by the
      // factor where the file estimates it, else said to be at the detector.
      if (imager) {
        const auto magnification = numberValue(ds, kEstimatedMagnification);
        if (magnification && *magnification > 0) {
          *d.pixelSpacingRow /= *magnification;
          *d.pixelSpacingColumn /= *magnification;
          char text[64];
          std::snprintf(text, sizeof text, "at the object (magnification %.3g)", *magnification);
          d.spacingSource = text;
        } else {
          d.spacingSource = "at the detector";
        }
      }
    } else if (const auto us = ultrasoundPixelSpacing(ds)) {
      d.pixelSpacingRow = (*us)[0];
      d.pixelSpacingColumn = (*us)[1];
      d.spacingSource = "ultrasound regions";
    }
  }
}

// Top-level attributes, else (enhanced CT, MR, PET...) the functional
// groups' Pixel Value Transformation, Frame VOI LUT and Pixel Measures.
// Where frames differ, the first frame's values stand for all.
DisplayAttributes readDisplay(const gdcm::DataSet& ds) {
  DisplayAttributes d;
  const bool signedPixels = hasSignedPixels(ds);
  readDisplayFrom(ds, signedPixels, d);
  for (const gdcm::Tag& macro : {kPixelValueTransformationSequence, kFrameVoiLutSequence, kPixelMeasuresSequence})
    if (auto group = functionalGroup(ds, macro)) readDisplayFrom(*group, signedPixels, d);
  return d;
}

template <std::size_t N>
std::optional<std::array<double, N>> numberValues(const gdcm::DataSet& ds, const gdcm::Tag& tag) {
  const auto values = numberList(ds, tag);
  if (values.size() < N) return std::nullopt;
  std::array<double, N> out{};
  for (std::size_t i = 0; i < N; ++i) {
    if (!values[i]) return std::nullopt;
    out[i] = *values[i];
  }
  return out;
}

std::optional<int> integerValue(const gdcm::DataSet& ds, const gdcm::Tag& tag) {
  auto v = numberValue(ds, tag);
  // In range first: casting a value beyond int (an IS of 99999999999) is undefined.
  if (!v || !(*v >= INT_MIN && *v <= INT_MAX) || *v != std::trunc(*v)) return std::nullopt;
  return static_cast<int>(*v);
}

// Row and column directions a plane can have: both of some length and at
// right angles (within what scanners' rounding leaves). Zero vectors or
// parallel ones would give a volume of NaN or of one line.
constexpr double kMinDirectionLength = 1e-3;
constexpr double kMaxDirectionCosine = 0.05;  // about 3 degrees off square

std::optional<std::array<double, 6>> planeOrientation(std::optional<std::array<double, 6>> o) {
  if (!o) return o;
  const auto& v = *o;
  const double row = std::sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
  const double column = std::sqrt(v[3] * v[3] + v[4] * v[4] + v[5] * v[5]);
  if (row < kMinDirectionLength || column < kMinDirectionLength) return std::nullopt;
  const double cosine = (v[0] * v[3] + v[1] * v[4] + v[2] * v[5]) / (row * column);
  if (std::abs(cosine) > kMaxDirectionCosine) return std::nullopt;
  return o;
}

InstanceAttributes readInstance(const gdcm::DataSet& ds) {
  InstanceAttributes a;
  a.studyUid = stringValue(ds, kStudyInstanceUid);
  a.seriesUid = stringValue(ds, kSeriesInstanceUid);
  a.sopInstanceUid = stringValue(ds, kSopInstanceUid);
  a.frameOfReferenceUid = stringValue(ds, kFrameOfReferenceUid);
  a.seriesDescription = stringValue(ds, kSeriesDescription);
  a.seriesNumber = integerValue(ds, kSeriesNumber);
  a.instanceNumber = integerValue(ds, kInstanceNumber);
  a.echoNumber = integerValue(ds, kEchoNumbers);
  a.temporalPosition = integerValue(ds, kTemporalPositionIdentifier);
  a.diffusionBValue = doubleAt(ds, kDiffusionBValue);
  a.acquisitionNumber = integerValue(ds, kAcquisitionNumber);
  a.imagePosition = numberValues<3>(ds, kImagePositionPatient);
  a.imageOrientation = planeOrientation(numberValues<6>(ds, kImageOrientationPatient));
  return a;
}

// The per-frame functional groups, one item per frame; null when absent or
// when their count is not the frame count.
gdcm::SmartPointer<gdcm::SequenceOfItems> perFrameGroups(const gdcm::DataSet& ds, std::uint32_t frames) {
  if (!ds.FindDataElement(kPerFrameFunctionalGroups)) return nullptr;
  gdcm::SmartPointer<gdcm::SequenceOfItems> sq = ds.GetDataElement(kPerFrameFunctionalGroups).GetValueAsSQ();
  return sq && sq->GetNumberOfItems() == frames ? sq : nullptr;
}

// Each frame's ImagePositionPatient from the per-frame functional groups;
// empty unless every frame has one.
std::vector<std::array<double, 3>> perFramePositions(const gdcm::DataSet& ds, std::uint32_t frames) {
  const auto sq = perFrameGroups(ds, frames);
  if (!sq) return {};
  std::vector<std::array<double, 3>> positions;
  for (gdcm::SequenceOfItems::SizeType i = 1; i <= sq->GetNumberOfItems(); ++i) {
    const auto plane = firstItem(sq->GetItem(i).GetNestedDataSet(), kPlanePositionSequence);
    const auto position = plane ? numberValues<3>(*plane, kImagePositionPatient) : std::nullopt;
    if (!position) return {};
    positions.push_back(*position);
  }
  return positions;
}

// Enhanced multi-frame objects keep plane geometry in functional groups.
// GDCM interprets the origin and cosines; the frame step is measured here
// from every frame's own position, because GDCM answers 1 mm when frames
// are unevenly spaced or share one position. Either is reported, not
// guessed: the frames are then a stack without slice spacing.
void readEnhancedGeometry(const gdcm::Image& image, const gdcm::DataSet& ds, InstanceAttributes& a) {
  if (image.GetNumberOfDimensions() < 3 || image.GetDimension(2) < 2) return;
  if (!ds.FindDataElement(kSharedFunctionalGroups) && !ds.FindDataElement(kPerFrameFunctionalGroups)) return;
  const double* origin = image.GetOrigin();
  const double* cosines = image.GetDirectionCosines();
  if (!a.imagePosition && origin) a.imagePosition = std::array<double, 3>{origin[0], origin[1], origin[2]};
  if (!a.imageOrientation && cosines)
    a.imageOrientation =
        planeOrientation(std::array<double, 6>{cosines[0], cosines[1], cosines[2], cosines[3], cosines[4], cosines[5]});
  const auto positions = perFramePositions(ds, image.GetDimension(2));
  if (positions.empty() || !a.imageOrientation) {
    a.frameSpacingProblem = FrameSpacingProblem::kNoPositions;
    return;
  }
  const auto& o = *a.imageOrientation;
  const std::array<double, 3> normal{o[1] * o[5] - o[2] * o[4], o[2] * o[3] - o[0] * o[5], o[0] * o[4] - o[1] * o[3]};
  std::vector<double> offsets;
  for (const auto& p : positions)
    offsets.push_back((p[0] - positions[0][0]) * normal[0] + (p[1] - positions[0][1]) * normal[1] +
                      (p[2] - positions[0][2]) * normal[2]);
  // Positions are decimal strings of limited precision: steps may differ by
  // rounding, as between the files of a classic series (series_plan.cpp).
  constexpr double kSamePlaneMm = 0.01;
  const double step = offsets[1] - offsets[0];
  const double tolerance = std::max(0.02, 0.01 * std::abs(step));
  const bool samePosition =
      std::all_of(offsets.begin(), offsets.end(), [](double d) { return std::abs(d) < kSamePlaneMm; });
  bool even = std::abs(step) >= kSamePlaneMm;
  for (std::size_t i = 1; even && i < offsets.size(); ++i) even = std::abs(offsets[i] - offsets[i - 1] - step) <= tolerance;
  if (samePosition)
    a.frameSpacingProblem = FrameSpacingProblem::kOnePosition;
  else if (!even)
    a.frameSpacingProblem = FrameSpacingProblem::kUneven;
  else
    a.frameSpacing = step;
}

// Classic multi-frame objects with one plane position: RT Dose lists frame
// offsets along the normal (GridFrameOffsetVector, C.8.8.3.2), NM and some
// MR give SpacingBetweenSlices. Only evenly spaced offsets count; a
// negative step means frames go against the normal.
void readFrameSpacing(const gdcm::DataSet& ds, std::uint32_t frames, InstanceAttributes& a) {
  if (frames < 2 || a.frameSpacing) return;
  if (ds.FindDataElement(kGridFrameOffsetVector)) {
    const auto values = numberList(ds, kGridFrameOffsetVector);
    if (values.size() < frames) return;
    std::vector<double> offsets;
    for (std::size_t i = 0; i < frames; ++i) {
      if (!values[i]) return;
      offsets.push_back(*values[i]);
    }
    const double step = offsets[1] - offsets[0];
    for (std::size_t i = 1; i < offsets.size(); ++i)
      if (std::abs((offsets[i] - offsets[i - 1]) - step) > 1e-3 * std::max(1.0, std::abs(step))) return;
    if (step != 0) a.frameSpacing = step;
    return;
  }
  if (auto spacing = numberValue(ds, kSpacingBetweenSlices); spacing && *spacing != 0) a.frameSpacing = *spacing;
}

void readIdentity(const gdcm::File& file, DicomImage& out) {
  out.transferSyntaxUid = stringValue(file.GetHeader(), kTransferSyntaxUid);
  if (out.transferSyntaxUid.empty()) {
    const char* ts = file.GetHeader().GetDataSetTransferSyntax().GetString();
    out.transferSyntaxUid = ts ? ts : "";
  }
  out.modality = stringValue(file.GetDataSet(), kModality);
  out.sopClassUid = stringValue(file.GetDataSet(), kSopClassUid);
}

// GDCM hands planar (RRR..GGG..BBB) data back as stored; we interleave it.
void interleavePlanes(std::vector<std::uint8_t>& pixels, const PixelLayout& l) {
  const std::size_t bps = l.bytesPerSample();
  const std::size_t n = l.pixelsPerFrame();
  const std::size_t spp = l.samplesPerPixel;
  const std::size_t frameBytes = n * spp * bps;
  std::vector<std::uint8_t> frame(frameBytes);
  for (std::size_t f = 0; f < l.frames; ++f) {
    std::uint8_t* src = pixels.data() + f * frameBytes;
    for (std::size_t s = 0; s < spp; ++s)
      for (std::size_t p = 0; p < n; ++p)
        std::memcpy(&frame[(p * spp + s) * bps], src + (s * n + p) * bps, bps);
    std::memcpy(src, frame.data(), frameBytes);
  }
}

// PALETTE COLOR: the colour of every possible stored value from the tables
// GDCM read (GetLUT gives each channel's entries: 8-bit ones, or 16-bit
// ones where the table holds them, of which the display keeps the high
// byte unless they only span 0..255). Empty if the tables are unusable.
std::vector<std::uint8_t> readPalette(const gdcm::LookupTable& lut, const PixelLayout& l) {
  if (!lut.Initialized() || l.samplesPerPixel != 1 || l.isSigned || l.bitsStored == 0 || l.bitsStored > 16) return {};
  const bool wide = lut.GetBitSample() == 16;
  const bool wideButEightBit = wide && lut.IsRGB8();
  const std::size_t values = std::size_t{1} << l.bitsStored;
  std::vector<std::uint8_t> rgb(values * 3);
  std::vector<unsigned char> raw(65536 * 2);
  for (int c = 0; c < 3; ++c) {
    const auto type = static_cast<gdcm::LookupTable::LookupTableType>(gdcm::LookupTable::RED + c);
    unsigned short length = 0, firstMapped = 0, bits = 0;
    lut.GetLUTDescriptor(type, length, firstMapped, bits);
    const std::size_t entries = length == 0 ? 65536 : length;
    unsigned int rawLength = 0;
    lut.GetLUT(type, raw.data(), rawLength);
    const std::size_t stride = wide ? 2 : (bits == 16 ? 2 : 1);
    if (rawLength < entries * stride) return {};
    auto entry = [&](std::size_t i) -> std::uint8_t {
      if (wide) {
        std::uint16_t v = 0;
        std::memcpy(&v, &raw[i * 2], 2);
        return static_cast<std::uint8_t>(wideButEightBit ? std::min<std::uint16_t>(v, 255) : v >> 8);
      }
      return raw[i * stride + (stride - 1)];  // GDCM keeps a 16-bit entry's high byte
    };
    for (std::size_t v = 0; v < values; ++v) {
      const std::size_t i = v < firstMapped ? 0 : std::min(v - firstMapped, entries - 1);
      rgb[v * 3 + c] = entry(i);
    }
  }
  return rgb;
}

// Uncompressed little-endian monochrome pixel data is already in canonical
// layout in the element GDCM parsed: copy it once instead of going through
// GDCM's codec streams (two more copies; the bulk of decoding a CT series).
// Anything else takes GDCM's full path.
bool copyUncompressedMonochrome(const gdcm::Image& image, const std::string& transferSyntax, const PixelLayout& l,
                                std::vector<std::uint8_t>& pixels) {
  if (transferSyntax != "1.2.840.10008.1.2" && transferSyntax != "1.2.840.10008.1.2.1") return false;
  if (l.samplesPerPixel != 1 || (l.bitsAllocated != 8 && l.bitsAllocated != 16 && l.bitsAllocated != 32)) return false;
  if (l.photometric != "MONOCHROME1" && l.photometric != "MONOCHROME2") return false;
  const gdcm::ByteValue* bv = image.GetDataElement().GetByteValue();
  const std::size_t expected = std::size_t{l.frames} * l.pixelsPerFrame() * l.bytesPerSample();
  if (!bv || !bv->GetPointer() || bv->GetLength() < expected) return false;
  // resize + memcpy, not assign(begin, end): Emscripten's libc++ copies a
  // range byte by byte there, while memcpy is one memory.copy in wasm (with
  // bulk memory); that loop was two thirds of decoding a CT slice in wasm.
  pixels.resize(expected);
  std::memcpy(pixels.data(), bv->GetPointer(), expected);
  return true;
}

// Each frame's rescale from the per-frame functional groups, when every
// frame has its own and they differ (PS3.3 C.7.6.16.2.9); empty otherwise.
std::vector<FrameRescale> perFrameRescale(const gdcm::DataSet& ds, std::uint32_t frames) {
  const auto sq = frames < 2 ? nullptr : perFrameGroups(ds, frames);
  if (!sq) return {};
  std::vector<FrameRescale> out;
  for (gdcm::SequenceOfItems::SizeType i = 1; i <= sq->GetNumberOfItems(); ++i) {
    const auto group = firstItem(sq->GetItem(i).GetNestedDataSet(), kPixelValueTransformationSequence);
    const auto slope = group ? numberValue(*group, kRescaleSlope) : std::nullopt;
    const auto intercept = group ? numberValue(*group, kRescaleIntercept) : std::nullopt;
    if (!slope || !intercept || *slope == 0) return {};
    out.push_back({*slope, *intercept});
  }
  const bool same = std::all_of(out.begin(), out.end(), [&](const FrameRescale& r) {
    return r.slope == out.front().slope && r.intercept == out.front().intercept;
  });
  return same ? std::vector<FrameRescale>{} : out;
}

Result<DicomImage> decodeImage(gdcm::ImageReader& reader, DecodePixels decode) {
  const gdcm::Image& image = reader.GetImage();
  const gdcm::PixelFormat& pf = image.GetPixelFormat();
  DicomImage out;
  readIdentity(reader.GetFile(), out);
  out.display = readDisplay(reader.GetFile().GetDataSet());
  out.instance = readInstance(reader.GetFile().GetDataSet());
  readEnhancedGeometry(image, reader.GetFile().GetDataSet(), out.instance);
  const std::uint32_t frames = image.GetNumberOfDimensions() >= 3 ? image.GetDimension(2) : 1;
  readFrameSpacing(reader.GetFile().GetDataSet(), frames, out.instance);
  out.frameRescale = perFrameRescale(reader.GetFile().GetDataSet(), frames);
  out.hasPixelData = true;
  PixelLayout& l = out.layout;
  l.columns = image.GetDimension(0);
  l.rows = image.GetDimension(1);
  l.frames = frames;
  l.samplesPerPixel = pf.GetSamplesPerPixel();
  l.bitsAllocated = pf.GetBitsAllocated();
  l.bitsStored = pf.GetBitsStored();
  l.highBit = pf.GetHighBit();
  l.isSigned = pf.GetPixelRepresentation() == 1;
  const char* pi = gdcm::PhotometricInterpretation::GetPIString(image.GetPhotometricInterpretation());
  l.photometric = std::string(trimPadding(pi ? pi : ""));
  if (l.rows == 0 || l.columns == 0 || l.frames == 0)
    return makeError(ErrorCode::kDicomParse, "image has zero rows, columns or frames");
  if (decode == DecodePixels::kNo) return out;
  if (l.isPalette()) {
    out.paletteRgb = readPalette(image.GetLUT(), l);
    if (out.paletteRgb.empty())
      return makeError(ErrorCode::kUnsupportedEncoding,
                       "PALETTE COLOR image whose palette tables are missing or unusable (" +
                           std::to_string(l.bitsStored) + "-bit " + (l.isSigned ? "signed" : "unsigned") + " indices)");
  }

  // In 64 bits: GDCM's own count is an unsigned long of 32 bits on wasm and
  // wraps for a header that claims enough rows, columns and frames.
  const std::uint64_t bound = std::uint64_t{l.frames} * l.rows * l.columns * l.samplesPerPixel *
                              ((std::uint64_t{l.bitsAllocated} + 7) / 8);
  if (bound > kMaxDecodedBytes)
    return makeError(ErrorCode::kTooLarge, "decoded image would need " + std::to_string(bound) +
                                               " bytes, over the 1 GiB limit");
  const unsigned long length = image.GetBufferLength();
  if (length == 0) return makeError(ErrorCode::kDecodeFailed, "pixel data is empty");
  if (copyUncompressedMonochrome(image, out.transferSyntaxUid, l, out.pixels)) return out;
  out.pixels.resize(length);
  if (!image.GetBuffer(reinterpret_cast<char*>(out.pixels.data())))
    return makeError(ErrorCode::kDecodeFailed,
                     "pixel data did not decode (transfer syntax " + out.transferSyntaxUid + ")");
  if (image.GetPlanarConfiguration() == 1 && l.samplesPerPixel > 1 && l.bitsAllocated >= 8 &&
      out.pixels.size() >= l.frames * l.pixelsPerFrame() * l.samplesPerPixel * l.bytesPerSample())
    interleavePlanes(out.pixels, l);
  fixGdcmLayout(out.transferSyntaxUid, l, out.pixels);
  return out;
}

// Why a data set holding pixel data is not an image we can read: the image
// attributes it lacks, floating-point pixels, or the values GDCM refused.
std::string unreadablePixelsReason(const gdcm::DataSet& ds) {
  if (ds.FindDataElement(kFloatPixelData) || ds.FindDataElement(kDoubleFloatPixelData))
    return "floating-point pixel data (Float or Double Float Pixel Data, as in parametric maps) is not supported";
  static const std::pair<gdcm::Tag, const char*> kRequired[] = {
      {gdcm::Tag(0x0028, 0x0002), "Samples per Pixel"}, {gdcm::Tag(0x0028, 0x0004), "Photometric Interpretation"},
      {gdcm::Tag(0x0028, 0x0010), "Rows"},              {gdcm::Tag(0x0028, 0x0011), "Columns"},
      {gdcm::Tag(0x0028, 0x0100), "Bits Allocated"},    {gdcm::Tag(0x0028, 0x0101), "Bits Stored"},
      {gdcm::Tag(0x0028, 0x0103), "Pixel Representation"}};
  std::string missing;
  for (const auto& [tag, name] : kRequired)
    if (!ds.FindDataElement(tag) || ds.GetDataElement(tag).IsEmpty()) missing += (missing.empty() ? "" : ", ") + std::string(name);
  if (!missing.empty()) return "pixel data present but its image attributes are missing: " + missing;
  const auto us = [&](std::uint16_t element) { return std::to_string(unsignedShortAt(ds, tagOf(0x0028, element))); };
  return "pixel data present but its image attributes are unsupported (Photometric Interpretation '" +
         stringValue(ds, gdcm::Tag(0x0028, 0x0004)) + "', Rows " + us(0x0010) + ", Columns " + us(0x0011) +
         ", Bits Allocated " + us(0x0100) + ", Samples per Pixel " + us(0x0002) + ")";
}

// ImageReader failed: tell a non-image data set (fine) from a broken one.
Result<DicomImage> classifyFailure(std::span<const std::uint8_t> bytes) {
  MemoryIStream is(bytes);
  gdcm::Reader reader;
  reader.SetStream(is);
  if (!parsedWithinCap(bytes.size(), [&] { return reader.Read(); })) {
    if (hasDicmMagic(bytes))
      return makeError(ErrorCode::kDicomParse, "DICOM data set is truncated or malformed");
    return makeError(ErrorCode::kNotDicom, "not a DICOM file (no DICM preamble and no parsable data set)");
  }
  if (Status s = checkNotTruncated(is, reader.GetFile()); !s) return s.error();
  const gdcm::DataSet& ds = reader.GetFile().GetDataSet();
  if (ds.FindDataElement(kPixelData) || ds.FindDataElement(kFloatPixelData) ||
      ds.FindDataElement(kDoubleFloatPixelData))
    return makeError(ErrorCode::kUnsupportedEncoding, unreadablePixelsReason(ds));
  DicomImage out;
  readIdentity(reader.GetFile(), out);
  out.instance = readInstance(ds);
  out.hasPixelData = false;
  return out;
}

}  // namespace

Result<DicomImage> decodeDicom(std::span<const std::uint8_t> bytes, DecodePixels decode) {
  silenceGdcm();
  if (bytes.empty()) return makeError(ErrorCode::kNotDicom, "file is empty");
  return catchingGdcm<DicomImage>("decoding", "malformed DICOM", [&]() -> Result<DicomImage> {
    MemoryIStream is(bytes);
    CheckedImageReader reader;
    reader.SetStream(is);
    if (parsedWithinCap(bytes.size(), [&] { return reader.Read(); })) {
      if (Status s = checkNotTruncated(is, reader.GetFile()); !s) return s.error();
      return decodeImage(reader, decode);
    }
    if (reader.refusal()) return *reader.refusal();
    return classifyFailure(bytes);
  });
}

Result<DicomImage> decodeDicomFile(const std::string& path, DecodePixels decode) {
  auto bytes = io::readFileBytes(path);
  if (!bytes) return bytes.error();
  return decodeDicom(*bytes, decode);
}

}  // namespace limn::dicom
