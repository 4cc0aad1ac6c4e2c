#include "client/core/dicom/synthetic_series.h"

#include <gdcmAttribute.h>
#include <gdcmImageWriter.h>
#include <gdcmUIDGenerator.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <sstream>

namespace limn::dicom {

namespace {

double sq(double v) { return v * v; }

}  // namespace

std::int16_t phantomStoredValue(const SyntheticSeriesSpec& s, std::uint32_t x, std::uint32_t y, std::uint32_t z) {
  // Normalised coordinates: -1..1 across the image, 0..1 along the slices.
  const double u = (x + 0.5) / s.columns * 2 - 1, v = (y + 0.5) / s.rows * 2 - 1;
  const double w = s.slices > 1 ? static_cast<double>(z) / (s.slices - 1) : 0.5;
  double hu = -1000;                                                    // air
  if (sq(u / 0.85) + sq(v / 0.65) <= 1) hu = 40;                        // body
  const double lungHalfHeight = 0.45 * std::sin(3.14159265 * (0.15 + 0.7 * w));
  for (double side : {-0.38, 0.38})
    if (lungHalfHeight > 0 && sq((u - side) / 0.25) + sq((v + 0.05) / lungHalfHeight) <= 1) hu = -850;  // lungs
  if (sq(u) + sq(v - 0.45) <= sq(0.1)) hu = 700;                          // spine
  if (sq(u - 0.3) + sq(v - 0.2) + sq((w - 0.5) * 2) <= sq(0.12)) hu = 90;  // lesion, round in 3D
  hu += static_cast<double>((x * 7 + y * 13 + z * 29) % 21) - 10;       // texture
  return static_cast<std::int16_t>(hu - kSyntheticIntercept);
}

namespace {

struct SeriesUids {
  std::string study, series, frameOfReference;
};

// Fills `writer` with slice z of the series (pixels, geometry, identity).
void composeSlice(const SyntheticSeriesSpec& spec, const SeriesUids& uids, std::uint32_t z, gdcm::ImageWriter& writer) {
  std::vector<std::int16_t> pixels(std::size_t{spec.columns} * spec.rows);
  for (std::uint32_t y = 0; y < spec.rows; ++y)
    for (std::uint32_t x = 0; x < spec.columns; ++x)
      pixels[std::size_t{y} * spec.columns + x] = phantomStoredValue(spec, x, y, z);
  gdcm::Image& image = writer.GetImage();
  image.SetNumberOfDimensions(2);
  image.SetDimension(0, spec.columns);
  image.SetDimension(1, spec.rows);
  image.SetPixelFormat(gdcm::PixelFormat::INT16);
  image.SetPhotometricInterpretation(gdcm::PhotometricInterpretation::MONOCHROME2);
  image.SetTransferSyntax(gdcm::TransferSyntax::ExplicitVRLittleEndian);
  // Per index: SetOrigin(const double*) keeps only NumberOfDimensions (2) values.
  image.SetOrigin(0, -0.5 * spec.columns * spec.spacingMm[0]);
  image.SetOrigin(1, -0.5 * spec.rows * spec.spacingMm[1]);
  image.SetOrigin(2, z * spec.spacingMm[2]);
  image.SetSpacing(0, spec.spacingMm[0]);
  image.SetSpacing(1, spec.spacingMm[1]);
  const double cosines[6] = {1, 0, 0, 0, 1, 0};
  image.SetDirectionCosines(cosines);
  image.SetIntercept(kSyntheticIntercept);
  image.SetSlope(1);
  gdcm::DataElement pixelData(gdcm::Tag(0x7fe0, 0x0010));
  pixelData.SetByteValue(reinterpret_cast<const char*>(pixels.data()),
                         static_cast<std::uint32_t>(pixels.size() * sizeof(std::int16_t)));
  image.SetDataElement(pixelData);

  gdcm::DataSet& ds = writer.GetFile().GetDataSet();
  gdcm::UIDGenerator generator;
  const std::string sop = generator.Generate();
  // By reference: multi-valued attributes own a raw array and must not be copied.
  auto put = [&ds](const auto& attribute) { ds.Replace(attribute.GetAsDataElement()); };
  put(gdcm::Attribute<0x0008, 0x0016>{"1.2.840.10008.5.1.4.1.1.2"});  // CT Image Storage
  put(gdcm::Attribute<0x0008, 0x0018>{sop.c_str()});
  put(gdcm::Attribute<0x0008, 0x0060>{"CT"});
  put(gdcm::Attribute<0x0008, 0x103e>{"Limn synthetic phantom"});
  put(gdcm::Attribute<0x0010, 0x0010>{"Phantom^Synthetic"});
  put(gdcm::Attribute<0x0010, 0x0020>{"LIMN-SYNTH"});
  put(gdcm::Attribute<0x0018, 0x0050>{spec.spacingMm[2]});
  put(gdcm::Attribute<0x0020, 0x000d>{uids.study.c_str()});
  put(gdcm::Attribute<0x0020, 0x000e>{uids.series.c_str()});
  put(gdcm::Attribute<0x0020, 0x0011>{1});
  put(gdcm::Attribute<0x0020, 0x0013>{static_cast<int>(spec.slices - z)});  // scanners often count head-first
  put(gdcm::Attribute<0x0020, 0x0052>{uids.frameOfReference.c_str()});
  gdcm::Attribute<0x0028, 0x1050> center;  // VM 1-n: no brace initialisation
  center.SetNumberOfValues(1);
  center.SetValue(40.0);
  put(center);
  gdcm::Attribute<0x0028, 0x1051> width;
  width.SetNumberOfValues(1);
  width.SetValue(400.0);
  put(width);
}

SeriesUids newSeriesUids() {
  gdcm::UIDGenerator generator;
  SeriesUids uids;
  uids.study = generator.Generate();
  uids.series = generator.Generate();
  uids.frameOfReference = generator.Generate();
  return uids;
}

Status checkSpec(const SyntheticSeriesSpec& spec) {
  if (spec.columns == 0 || spec.rows == 0 || spec.slices == 0)
    return makeError(ErrorCode::kInvalidArgument, "size and slices must be positive");
  return okStatus();
}

}  // namespace

Result<std::vector<std::string>> writeSyntheticSeries(const SyntheticSeriesSpec& spec, const std::string& dir) {
  if (auto s = checkSpec(spec); !s) return s.error();
  const SeriesUids uids = newSeriesUids();
  std::vector<std::string> paths;
  for (std::uint32_t z = 0; z < spec.slices; ++z) {
    gdcm::ImageWriter writer;
    composeSlice(spec, uids, z, writer);
    char name[32];
    std::snprintf(name, sizeof name, "/slice_%04u.dcm", z);
    const std::string path = dir + name;
    writer.SetFileName(path.c_str());
    if (!writer.Write()) return makeError(ErrorCode::kIoError, "cannot write " + path);
    paths.push_back(path);
  }
  return paths;
}

Result<std::vector<std::uint8_t>> syntheticSliceBytes(const SyntheticSeriesSpec& spec, std::uint32_t z) {
  if (auto s = checkSpec(spec); !s) return s.error();
  gdcm::ImageWriter writer;
  composeSlice(spec, newSeriesUids(), z, writer);
  std::ostringstream out;
  writer.SetStream(out);
  if (!writer.Write()) return makeError(ErrorCode::kInternal, "GDCM could not write the slice");
  const std::string bytes = out.str();
  return std::vector<std::uint8_t>(bytes.begin(), bytes.end());
}

}  // namespace limn::dicom
