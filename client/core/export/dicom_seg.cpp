#include "client/core/export/dicom_seg.h"

#include <gdcmReader.h>
#include <gdcmSequenceOfItems.h>
#include <gdcmUIDGenerator.h>
#include <gdcmWriter.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <map>
#include <optional>
#include <sstream>

#include "client/core/dicom/dataset_edit.h"
#include "client/core/dicom/dicom_text.h"
#include "client/core/dicom/gdcm_boundary.h"
#include "client/core/dicom/memory_stream.h"
#include "client/core/dicom/parse_allocation_cap.h"
#include "client/core/export/seg_text.h"
#include "shared/io/file_bytes.h"

namespace limn::exporting {

namespace {

using namespace limn::annot;
using dicom::codeItem;
using dicom::setSequence;
using dicom::setString;
using dicom::setUS;
using dicom::stringAt;
using dicom::tagOf;

constexpr const char* kSegmentationStorage = "1.2.840.10008.5.1.4.1.1.66.4";

// Attributes copied from the source: patient, study, frame of reference.
constexpr std::uint32_t kCopied[] = {
    tagOf(0x0008, 0x0005), tagOf(0x0010, 0x0010), tagOf(0x0010, 0x0020), tagOf(0x0010, 0x0030),
    tagOf(0x0010, 0x0040), tagOf(0x0020, 0x000D), tagOf(0x0008, 0x0020), tagOf(0x0008, 0x0030),
    tagOf(0x0008, 0x0090), tagOf(0x0020, 0x0010), tagOf(0x0008, 0x0050), tagOf(0x0020, 0x0052),
    tagOf(0x0020, 0x1040), tagOf(0x0012, 0x0062), tagOf(0x0012, 0x0063), tagOf(0x0012, 0x0064),
};

struct Source {
  gdcm::DataSet ds;
  std::string sopClass, sopInstance, series;
};

Result<Source> readSource(const std::string& path) {
  auto bytes = io::readFileBytes(path);
  if (!bytes) return bytes.error();
  dicom::MemoryIStream in(*bytes);
  gdcm::Reader reader;
  reader.SetStream(in);
  // The attributes a SEG references; not the pixels.
  if (!dicom::parsedWithinCap(bytes->size(), [&] { return reader.ReadUpToTag(gdcm::Tag(0x7FE0, 0x0010)); }))
    return makeError(ErrorCode::kNotDicom, path + ": not a readable DICOM file");
  Source s{reader.GetFile().GetDataSet(), "", "", ""};
  s.sopClass = stringAt(s.ds, tagOf(0x0008, 0x0016));
  s.sopInstance = stringAt(s.ds, tagOf(0x0008, 0x0018));
  s.series = stringAt(s.ds, tagOf(0x0020, 0x000E));
  if (s.sopInstance.empty() || s.series.empty())
    return makeError(ErrorCode::kInvalidArgument, path + ": the source image has no SOP Instance or Series UID");
  return s;
}

// A schema colour ("#rrggbb", sRGB) as a Recommended Display CIELab Value:
// L* (0..100) and a*, b* (-128..127) scaled to 0..65535 (PS3.3 C.10.7.1.1),
// white point D65, so viewers draw each segment in the label's colour.
std::optional<std::array<std::uint16_t, 3>> cielabOf(const std::string& hex) {
  if (hex.size() != 7 || hex[0] != '#' || hex.find_first_not_of("0123456789abcdefABCDEF", 1) != std::string::npos)
    return std::nullopt;
  double linear[3];
  for (int i = 0; i < 3; ++i) {
    const double c = std::stoi(hex.substr(1 + 2 * i, 2), nullptr, 16) / 255.0;
    linear[i] = c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
  }
  const auto [r, g, b] = linear;
  const double xyz[3] = {(0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047, 0.2126 * r + 0.7152 * g + 0.0722 * b,
                         (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883};
  const auto f = [](double t) { return t > 216.0 / 24389 ? std::cbrt(t) : (24389.0 / 27 * t + 16) / 116; };
  const double lab[3] = {116 * f(xyz[1]) - 16, 500 * (f(xyz[0]) - f(xyz[1])), 200 * (f(xyz[1]) - f(xyz[2]))};
  const auto scaled = [](double v, double low, double high) {
    return static_cast<std::uint16_t>(std::lround(std::clamp((v - low) / (high - low), 0.0, 1.0) * 65535));
  };
  return std::array<std::uint16_t, 3>{scaled(lab[0], 0, 100), scaled(lab[1], -128, 127), scaled(lab[2], -128, 127)};
}

// Today and now (UTC) as DA and TM.
std::pair<std::string, std::string> dicomNow() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char date[9] = {}, time[7] = {};
  std::strftime(date, sizeof date, "%Y%m%d", &tm);
  std::strftime(time, sizeof time, "%H%M%S", &tm);
  return {date, time};
}


void copyIfPresent(const gdcm::DataSet& from, gdcm::DataSet& to, std::uint32_t tag) {
  const gdcm::Tag t = dicom::gdcmTag(tag);
  if (from.FindDataElement(t)) to.Replace(from.GetDataElement(t));
}

// Frames are packed one bit per pixel, little-endian bit order, frame after
// frame without padding (PS3.5 8.1.1), the element padded to even length.
void appendBits(std::vector<std::uint8_t>& packed, std::uint64_t& bitPos, const std::vector<std::uint8_t>& bits) {
  for (std::uint8_t b : bits) {
    if (bitPos % 8 == 0) packed.push_back(0);
    if (b) packed.back() |= static_cast<std::uint8_t>(1u << (bitPos % 8));
    ++bitPos;
  }
}

std::string newUid() {
  gdcm::UIDGenerator g;
  return g.Generate();
}

// The items of a sequence attribute (none when absent or unreadable).
std::vector<gdcm::DataSet> itemsOf(const gdcm::DataSet& ds, std::uint32_t tag) {
  std::vector<gdcm::DataSet> items;
  const gdcm::Tag t = dicom::gdcmTag(tag);
  if (!ds.FindDataElement(t)) return items;
  auto sq = ds.GetDataElement(t).GetValueAsSQ();
  if (!sq) return items;
  for (gdcm::SequenceOfItems::SizeType i = 1; i <= sq->GetNumberOfItems(); ++i) items.push_back(sq->GetItem(i).GetNestedDataSet());
  return items;
}

std::vector<gdcm::DataSet> itemsAt(const std::vector<gdcm::DataSet>& items, std::uint32_t tag) {
  return items.empty() ? std::vector<gdcm::DataSet>{} : itemsOf(items.front(), tag);
}

// All the numbers of a DS attribute; none when absent or any does not parse.
std::vector<double> numbersAt(const gdcm::DataSet& ds, std::uint32_t tag) {
  std::vector<double> out;
  for (const std::optional<double>& v : dicom::parseNumbers(stringAt(ds, tag))) {
    if (!v) return {};
    out.push_back(*v);
  }
  return out;
}

std::string decimalString(const std::vector<double>& values) {
  std::string out;
  for (double v : values) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.10g", v);
    out += (out.empty() ? "" : "\\") + std::string(buf);
  }
  return out;
}

// The Plane Position item of frame `frame` of the source: an enhanced
// image's own per-frame position, else ImagePositionPatient moved along
// the normal by the Grid Frame Offset Vector (RT Dose and other legacy
// multi-frame images), else the single frame's position.
gdcm::DataSet framePosition(const gdcm::DataSet& src, std::uint32_t frame) {
  gdcm::DataSet position;
  const std::vector<gdcm::DataSet> perFrame = itemsOf(src, tagOf(0x5200, 0x9230));
  if (frame < perFrame.size()) {
    const std::vector<gdcm::DataSet> plane = itemsOf(perFrame[frame], tagOf(0x0020, 0x9113));
    if (!plane.empty()) copyIfPresent(plane.front(), position, tagOf(0x0020, 0x0032));
    return position;
  }
  const std::vector<double> ipp = numbersAt(src, tagOf(0x0020, 0x0032));
  const std::vector<double> iop = numbersAt(src, tagOf(0x0020, 0x0037));
  const std::vector<double> offsets = numbersAt(src, tagOf(0x3004, 0x000C));
  if (frame == 0 || ipp.size() != 3 || iop.size() != 6 || frame >= offsets.size()) {
    copyIfPresent(src, position, tagOf(0x0020, 0x0032));
    return position;
  }
  const double normal[3] = {iop[1] * iop[5] - iop[2] * iop[4], iop[2] * iop[3] - iop[0] * iop[5],
                            iop[0] * iop[4] - iop[1] * iop[3]};
  // Offsets are from the first frame's position when the first one is 0 (PS3.3 C.8.8.3.2).
  const double along = offsets[frame] - offsets[0];
  setString(position, tagOf(0x0020, 0x0032),
            decimalString({ipp[0] + normal[0] * along, ipp[1] + normal[1] * along, ipp[2] + normal[2] * along}), gdcm::VR::DS);
  return position;
}

Result<std::string> buildSeg(const AnnotationFile& file, const ImageInfo& image, const Source& src,
                             const std::vector<const Annotation*>& masks) {
  // Segments: one per label used, numbered in schema order.
  std::vector<std::string> labels;
  for (const LabelDefinition& d : file.schema.labels)
    for (const Annotation* a : masks)
      if (a->label == d.id) {
        labels.push_back(d.id);
        break;
      }
  // The label's codes from the schema, else generic SNOMED CT ones.
  const auto categoryOf = [](const LabelDefinition& d) {
    return d.category.empty() ? CodedConcept{"SCT", "91723000", "Anatomical structure"} : d.category;
  };
  const auto typeOf = [](const LabelDefinition& d) {
    return d.type.empty() ? CodedConcept{"SCT", "85756007", "Tissue"} : d.type;
  };
  std::vector<std::string> ourText = {file.schema.name};
  for (const std::string& id : labels) {
    const LabelDefinition& d = *file.schema.find(id);
    for (const std::string& s : {d.name, categoryOf(d).meaning, typeOf(d).meaning}) ourText.push_back(s);
  }
  auto text = segText(src.ds, ourText);
  if (!text) return text.error();

  gdcm::DataSet ds;
  for (std::uint32_t tag : kCopied) copyIfPresent(src.ds, ds, tag);
  if (!text->characterSet.empty()) setString(ds, tagOf(0x0008, 0x0005), text->characterSet, gdcm::VR::CS);
  // Type 2 in the Frame of Reference module: present, if empty.
  if (!ds.FindDataElement(gdcm::Tag(0x0020, 0x1040))) setString(ds, tagOf(0x0020, 0x1040), "", gdcm::VR::LO);
  const std::string sop = newUid();
  setString(ds, tagOf(0x0008, 0x0016), kSegmentationStorage, gdcm::VR::UI);
  setString(ds, tagOf(0x0008, 0x0018), sop, gdcm::VR::UI);
  setString(ds, tagOf(0x0008, 0x0060), "SEG", gdcm::VR::CS);
  setString(ds, tagOf(0x0020, 0x000E), newUid(), gdcm::VR::UI);
  setString(ds, tagOf(0x0020, 0x0011), "9001", gdcm::VR::IS);
  setString(ds, tagOf(0x0020, 0x0013), "1", gdcm::VR::IS);
  setString(ds, tagOf(0x0008, 0x0008), "DERIVED\\PRIMARY", gdcm::VR::CS);
  setString(ds, tagOf(0x0008, 0x0070), "Limn", gdcm::VR::LO);
  setString(ds, tagOf(0x0008, 0x1090), "Limn", gdcm::VR::LO);
  setString(ds, tagOf(0x0018, 0x1000), "1", gdcm::VR::LO);
  setString(ds, tagOf(0x0018, 0x1020), "0.1.0", gdcm::VR::LO);
  // Content Date and Time (Type 1): the source's study date and time, or
  // when the SEG is made where a de-identified source has none.
  const auto [today, now] = dicomNow();
  const std::string studyDate(dicom::trimPadding(stringAt(src.ds, tagOf(0x0008, 0x0020))));
  const std::string studyTime(dicom::trimPadding(stringAt(src.ds, tagOf(0x0008, 0x0030))));
  setString(ds, tagOf(0x0008, 0x0023), studyDate.empty() ? today : studyDate, gdcm::VR::DA);
  setString(ds, tagOf(0x0008, 0x0033), studyDate.empty() || studyTime.empty() ? now : studyTime, gdcm::VR::TM);
  setString(ds, tagOf(0x0070, 0x0080), "LIMN", gdcm::VR::CS);                    // Content Label
  setString(ds, tagOf(0x0070, 0x0081), (*text)(file.schema.name), gdcm::VR::LO);  // Content Description
  setString(ds, tagOf(0x0070, 0x0084), "", gdcm::VR::PN);                        // Content Creator's Name
  setString(ds, tagOf(0x0062, 0x0001), "BINARY", gdcm::VR::CS);
  setString(ds, tagOf(0x0028, 0x2110), "00", gdcm::VR::CS);                      // Lossy Image Compression
  // Image pixel: 1-bit monochrome frames of the source's size.
  setUS(ds, tagOf(0x0028, 0x0002), 1);
  setString(ds, tagOf(0x0028, 0x0004), "MONOCHROME2", gdcm::VR::CS);
  setUS(ds, tagOf(0x0028, 0x0010), static_cast<std::uint16_t>(image.rows));
  setUS(ds, tagOf(0x0028, 0x0011), static_cast<std::uint16_t>(image.columns));
  setUS(ds, tagOf(0x0028, 0x0100), 1);
  setUS(ds, tagOf(0x0028, 0x0101), 1);
  setUS(ds, tagOf(0x0028, 0x0102), 0);
  setUS(ds, tagOf(0x0028, 0x0103), 0);

  std::vector<gdcm::DataSet> segments;
  for (std::size_t i = 0; i < labels.size(); ++i) {
    const LabelDefinition* d = file.schema.find(labels[i]);
    gdcm::DataSet seg;
    setUS(seg, tagOf(0x0062, 0x0004), static_cast<std::uint16_t>(i + 1));
    setString(seg, tagOf(0x0062, 0x0005), (*text)(d->name), gdcm::VR::LO);
    // A mask a model proposed and a person confirmed: SEMIAUTOMATIC.
    const bool byModel = std::any_of(masks.begin(), masks.end(), [&](const Annotation* a) {
      return a->label == d->id && a->source.starts_with("model:");
    });
    setString(seg, tagOf(0x0062, 0x0008), byModel ? "SEMIAUTOMATIC" : "MANUAL", gdcm::VR::CS);
    if (const auto lab = cielabOf(d->color)) dicom::setBytes(seg, tagOf(0x0062, 0x000D), lab->data(), sizeof *lab, gdcm::VR::US);
    if (byModel) setString(seg, tagOf(0x0062, 0x0009), "Limn model pre-annotation", gdcm::VR::LO);  // Algorithm Name
    const CodedConcept category = categoryOf(*d), type = typeOf(*d);
    setSequence(seg, tagOf(0x0062, 0x0003), {codeItem(category.value, category.scheme, (*text)(category.meaning))});
    setSequence(seg, tagOf(0x0062, 0x000F), {codeItem(type.value, type.scheme, (*text)(type.meaning))});
    segments.push_back(std::move(seg));
  }
  setSequence(ds, tagOf(0x0062, 0x0002), segments);

  // Geometry shared by all frames: the source's pixel spacing, thickness,
  // orientation; an enhanced (multi-frame) source keeps them in its shared
  // functional groups, or in each frame's.
  gdcm::DataSet shared;
  {
    const auto inGroups = [&](std::uint32_t sequence) {
      std::vector<gdcm::DataSet> found = itemsAt(itemsOf(src.ds, tagOf(0x5200, 0x9229)), sequence);
      if (found.empty()) found = itemsAt(itemsOf(src.ds, tagOf(0x5200, 0x9230)), sequence);
      return found;
    };
    const std::vector<gdcm::DataSet> sourceMeasures = inGroups(tagOf(0x0028, 0x9110));
    const std::vector<gdcm::DataSet> sourcePlane = inGroups(tagOf(0x0020, 0x9116));
    const auto copyFrom = [&](const std::vector<gdcm::DataSet>& group, gdcm::DataSet& to, std::uint32_t tag) {
      copyIfPresent(src.ds, to, tag);
      if (!to.FindDataElement(dicom::gdcmTag(tag)) && !group.empty()) copyIfPresent(group.front(), to, tag);
    };
    gdcm::DataSet measures;
    copyFrom(sourceMeasures, measures, tagOf(0x0028, 0x0030));
    copyFrom(sourceMeasures, measures, tagOf(0x0018, 0x0050));
    if (stringAt(measures, tagOf(0x0018, 0x0050)).empty()) setString(measures, tagOf(0x0018, 0x0050), "1", gdcm::VR::DS);
    setSequence(shared, tagOf(0x0028, 0x9110), {measures});
    gdcm::DataSet orientation;
    copyFrom(sourcePlane, orientation, tagOf(0x0020, 0x0037));
    setSequence(shared, tagOf(0x0020, 0x9116), {orientation});
  }
  setSequence(ds, tagOf(0x5200, 0x9229), {shared});

  // One frame per mask: which segment, where, derived from which source.
  std::vector<gdcm::DataSet> frames;
  std::vector<std::uint8_t> packed;
  std::uint64_t bitPos = 0;
  for (const Annotation* a : masks) {
    const Mask& m = std::get<Mask>(a->shape);
    const auto segment = static_cast<std::uint16_t>(std::find(labels.begin(), labels.end(), a->label) - labels.begin() + 1);
    gdcm::DataSet frame;
    gdcm::DataSet content;
    // Segment, then the position: the source frame (one position per frame).
    const std::uint32_t index[2] = {segment, a->image.frame + 1};
    dicom::setBytes(content, tagOf(0x0020, 0x9157), index, sizeof index, gdcm::VR::UL);
    setSequence(frame, tagOf(0x0020, 0x9111), {content});
    setSequence(frame, tagOf(0x0020, 0x9113), {framePosition(src.ds, a->image.frame)});
    gdcm::DataSet sourceImage;
    setString(sourceImage, tagOf(0x0008, 0x1150), src.sopClass, gdcm::VR::UI);
    setString(sourceImage, tagOf(0x0008, 0x1155), src.sopInstance, gdcm::VR::UI);
    if (image.frames > 1)  // which frame of a multi-frame source
      setString(sourceImage, tagOf(0x0008, 0x1160), std::to_string(a->image.frame + 1), gdcm::VR::IS);
    setSequence(sourceImage, tagOf(0x0040, 0xA170),
                {codeItem("121322", "DCM", "Source image for image processing operation")});
    gdcm::DataSet derivation;
    setSequence(derivation, tagOf(0x0008, 0x2112), {sourceImage});
    setSequence(derivation, tagOf(0x0008, 0x9215), {codeItem("113076", "DCM", "Segmentation")});
    setSequence(frame, tagOf(0x0008, 0x9124), {derivation});
    gdcm::DataSet identification;
    setUS(identification, tagOf(0x0062, 0x000B), segment);
    setSequence(frame, tagOf(0x0062, 0x000A), {identification});
    frames.push_back(std::move(frame));
    appendBits(packed, bitPos, maskBits(m));
  }
  setSequence(ds, tagOf(0x5200, 0x9230), frames);
  setString(ds, tagOf(0x0028, 0x0008), std::to_string(masks.size()), gdcm::VR::IS);

  // Dimensions: segment number, then position.
  const std::string dimensionUid = newUid();
  setSequence(ds, tagOf(0x0020, 0x9221), {[&] {
                gdcm::DataSet d;
                setString(d, tagOf(0x0020, 0x9164), dimensionUid, gdcm::VR::UI);
                return d;
              }()});
  auto dimension = [&](std::uint32_t pointer, std::uint32_t group, const char* description) {
    gdcm::DataSet d;
    setString(d, tagOf(0x0020, 0x9164), dimensionUid, gdcm::VR::UI);
    const std::uint16_t p[2] = {static_cast<std::uint16_t>(pointer >> 16), static_cast<std::uint16_t>(pointer & 0xFFFF)};
    const std::uint16_t g[2] = {static_cast<std::uint16_t>(group >> 16), static_cast<std::uint16_t>(group & 0xFFFF)};
    dicom::setBytes(d, tagOf(0x0020, 0x9165), p, sizeof p, gdcm::VR::AT);
    dicom::setBytes(d, tagOf(0x0020, 0x9167), g, sizeof g, gdcm::VR::AT);
    setString(d, tagOf(0x0020, 0x9421), description, gdcm::VR::LO);
    return d;
  };
  setSequence(ds, tagOf(0x0020, 0x9222),
              {dimension(tagOf(0x0062, 0x000B), tagOf(0x0062, 0x000A), "ReferencedSegmentNumber"),
               dimension(tagOf(0x0020, 0x0032), tagOf(0x0020, 0x9113), "ImagePositionPatient")});

  // Common instance reference: the source series and instance.
  gdcm::DataSet instance;
  setString(instance, tagOf(0x0008, 0x1150), src.sopClass, gdcm::VR::UI);
  setString(instance, tagOf(0x0008, 0x1155), src.sopInstance, gdcm::VR::UI);
  gdcm::DataSet series;
  setString(series, tagOf(0x0020, 0x000E), src.series, gdcm::VR::UI);
  setSequence(series, tagOf(0x0008, 0x114A), {instance});
  setSequence(ds, tagOf(0x0008, 0x1115), {series});

  if (packed.size() % 2) packed.push_back(0);
  dicom::setBytes(ds, tagOf(0x7FE0, 0x0010), packed.data(), packed.size(), gdcm::VR::OB);

  gdcm::Writer writer;
  writer.GetFile().SetDataSet(ds);
  gdcm::FileMetaInformation& meta = writer.GetFile().GetHeader();
  meta.SetDataSetTransferSyntax(gdcm::TransferSyntax::ExplicitVRLittleEndian);
  meta.FillFromDataSet(ds);
  writer.SetCheckFileMetaInformation(false);
  std::ostringstream os(std::ios::binary);
  writer.SetStream(os);
  if (!writer.Write()) return makeError(ErrorCode::kInternal, "the SEG could not be written");
  return std::move(os).str();
}

}  // namespace

ExportResult exportDicomSeg(const AnnotationFile& file, const AnnotationDocument& doc, const std::string& imagesDir) {
  ExportResult out;
  std::map<std::string, std::vector<const Annotation*>> masksByImage;
  for (const auto& [id, a] : doc.annotations()) {
    if (skipUnconfirmed(a, out)) continue;
    if (!std::holds_alternative<Mask>(a.shape)) {
      out.skipped.push_back(a.id + ": DICOM SEG holds masks, not a " + std::string(shapeKindName(kindOf(a.shape))));
      continue;
    }
    masksByImage[a.image.image].push_back(&a);
  }
  for (const auto& entry : masksByImage) {
    const std::vector<const Annotation*>& masks = entry.second;  // lambdas below capture it
    const std::string& imageId = entry.first;
    const ImageInfo* image = file.image(imageId);
    if (!image) {
      for (const Annotation* a : masks) out.skipped.push_back(a->id + ": its image is not in the annotation file");
      continue;
    }
    const std::string path = (std::filesystem::path(imagesDir) / image->file).string();
    auto src = dicom::catchingGdcm<Source>("reading a source image", path, [&] { return readSource(path); });
    if (!src) {
      for (const Annotation* a : masks) out.skipped.push_back(a->id + ": " + src.error().message);
      continue;
    }
    auto bytes = dicom::catchingGdcm<std::string>("writing a DICOM SEG", "DICOM SEG",
                                                  [&] { return buildSeg(file, *image, *src, masks); });
    if (!bytes) {
      for (const Annotation* a : masks) out.skipped.push_back(a->id + ": " + bytes.error().message);
      continue;
    }
    out.files["seg_" + std::filesystem::path(image->file).stem().string() + ".dcm"] = std::move(*bytes);
    out.exported += masks.size();
  }
  return out;
}

namespace {

Result<std::vector<Annotation>> readSegFiles(const FileSet& files, const AnnotationFile& file, const std::string& imagesDir) {
  std::map<std::string, const ImageInfo*> bySopInstance;
  for (const ImageInfo& info : file.images) {
    auto src = readSource((std::filesystem::path(imagesDir) / info.file).string());
    if (src) bySopInstance[src->sopInstance] = &info;
  }
  std::vector<Annotation> out;
  for (const auto& [name, bytes] : files) {
    if (std::filesystem::path(name).extension() != ".dcm") continue;
    dicom::MemoryIStream in({reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()});
    gdcm::Reader reader;
    reader.SetStream(in);
    if (!dicom::parsedWithinCap(bytes.size(), [&] { return reader.Read(); }))
      return makeError(ErrorCode::kNotDicom, name + ": not a readable DICOM file");
    const gdcm::DataSet& ds = reader.GetFile().GetDataSet();
    if (stringAt(ds, tagOf(0x0008, 0x0016)) != kSegmentationStorage || stringAt(ds, tagOf(0x0062, 0x0001)) != "BINARY")
      return makeError(ErrorCode::kUnsupportedEncoding, name + ": not a binary DICOM Segmentation");
    if (reader.GetFile().GetHeader().GetDataSetTransferSyntax().IsEncapsulated())
      return makeError(ErrorCode::kUnsupportedEncoding,
                       name + ": compressed pixel data (" +
                           stringAt(reader.GetFile().GetHeader(), tagOf(0x0002, 0x0010)) +
                           "); write it uncompressed first (gdcmconv --raw)");
    if (dicom::unsignedShortAt(ds, tagOf(0x0028, 0x0100)) != 1)
      return makeError(ErrorCode::kUnsupportedEncoding, name + ": Bits Allocated is " +
                                                            std::to_string(dicom::unsignedShortAt(ds, tagOf(0x0028, 0x0100))) +
                                                            ", a binary segmentation has 1");
    const std::uint32_t rows = dicom::unsignedShortAt(ds, tagOf(0x0028, 0x0010)), columns = dicom::unsignedShortAt(ds, tagOf(0x0028, 0x0011));
    std::map<std::uint16_t, std::string> labels;  // segment number -> schema label id
    for (const gdcm::DataSet& seg : itemsOf(ds, tagOf(0x0062, 0x0002))) {
      std::string segmentLabel = stringAt(seg, tagOf(0x0062, 0x0005));
      if (dicom::trimPadding(stringAt(ds, tagOf(0x0008, 0x0005))) == "ISO_IR 100") segmentLabel = latin1ToUtf8(segmentLabel);
      for (const LabelDefinition& d : file.schema.labels)
        if (firstCharacters(d.name, 64) == segmentLabel || d.id == segmentLabel) labels[dicom::unsignedShortAt(seg, tagOf(0x0062, 0x0004))] = d.id;
    }
    const std::string pixels = dicom::valueOf(ds.GetDataElement(dicom::gdcmTag(tagOf(0x7FE0, 0x0010))));
    const std::vector<gdcm::DataSet> frames = itemsOf(ds, tagOf(0x5200, 0x9230));
    if (!imageSizeAllowed(columns, rows))
      return makeError(ErrorCode::kInvalidArgument, name + ": " + std::to_string(columns) + "x" + std::to_string(rows) +
                                                        " frames are larger than any image");
    const std::string declared(dicom::trimPadding(stringAt(ds, tagOf(0x0028, 0x0008))));
    char* parsedEnd = nullptr;
    const long long declaredCount = std::strtoll(declared.c_str(), &parsedEnd, 10);
    if (declared.empty() || *parsedEnd != '\0' || declaredCount != static_cast<long long>(frames.size()))
      return makeError(ErrorCode::kInvalidArgument, name + ": Number of Frames is '" + declared + "', its per-frame groups are " +
                                                        std::to_string(frames.size()));
    const std::uint64_t frameBits = std::uint64_t{rows} * columns;
    if (pixels.size() * 8 < frameBits * frames.size())
      return makeError(ErrorCode::kDecodeFailed, name + ": the pixel data is shorter than its frames");
    for (std::size_t f = 0; f < frames.size(); ++f) {
      const std::vector<gdcm::DataSet> identification = itemsOf(frames[f], tagOf(0x0062, 0x000A));
      if (identification.empty())
        return makeError(ErrorCode::kInvalidArgument, name + ": frame " + std::to_string(f + 1) + " names no segment");
      const std::uint16_t segment = dicom::unsignedShortAt(identification.front(), tagOf(0x0062, 0x000B));
      const std::vector<gdcm::DataSet> sources = itemsAt(itemsOf(frames[f], tagOf(0x0008, 0x9124)), tagOf(0x0008, 0x2112));
      if (sources.empty())
        return makeError(ErrorCode::kInvalidArgument, name + ": frame " + std::to_string(f + 1) + " names no source image");
      const std::string sopInstance = stringAt(sources.front(), tagOf(0x0008, 0x1155));
      auto image = bySopInstance.find(sopInstance);
      auto label = labels.find(segment);
      if (sopInstance.empty() || image == bySopInstance.end())
        return makeError(ErrorCode::kNotFound, name + ": frame " + std::to_string(f + 1) + " derives from an image not in --images");
      if (label == labels.end())
        return makeError(ErrorCode::kInvalidArgument, name + ": segment " + std::to_string(segment) + " is not a label of the schema");
      std::vector<std::uint8_t> bits(frameBits);
      for (std::uint64_t i = 0; i < frameBits; ++i) {
        const std::uint64_t bit = f * frameBits + i;
        bits[i] = (static_cast<unsigned char>(pixels[bit / 8]) >> (bit % 8)) & 1;
      }
      Annotation a;
      a.id = "seg-" + std::filesystem::path(name).stem().string() + "-" + std::to_string(f + 1);
      const std::string frameNumber = stringAt(sources.front(), tagOf(0x0008, 0x1160));
      const long referenced = frameNumber.empty() ? 1 : std::strtol(frameNumber.c_str(), nullptr, 10);
      if (referenced < 1 || static_cast<std::uint32_t>(referenced) > image->second->frames)
        return makeError(ErrorCode::kInvalidArgument, name + ": frame " + std::to_string(f + 1) + " refers to frame " +
                                                          frameNumber + " of a " + std::to_string(image->second->frames) +
                                                          "-frame image");
      a.image = {image->second->id, static_cast<std::uint32_t>(referenced - 1)};
      a.label = label->second;
      a.shape = maskFromBits(columns, rows, bits);
      a.source = "import:dicom-seg";
      out.push_back(std::move(a));
    }
  }
  return out;
}

}  // namespace

Result<std::vector<Annotation>> importDicomSeg(const FileSet& files, const AnnotationFile& file, const std::string& imagesDir) {
  return dicom::catchingGdcm<std::vector<Annotation>>("reading DICOM SEG", "DICOM SEG",
                                                      [&] { return readSegFiles(files, file, imagesDir); });
}

}  // namespace limn::exporting
