#include "client/core/export/nifti.h"

#include <nifti/nifti1.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <variant>

#include "client/core/dicom/dicom_decoder.h"
#include "client/core/series/series_plan.h"

namespace limn::exporting {

namespace {

static_assert(sizeof(nifti_1_header) == 348, "NIfTI-1 headers are 348 bytes");
constexpr std::size_t kVoxOffset = 352;  // header, then 4 bytes of (no) extension

// A series of the annotation file as a volume: the image (and frame) of
// each slice, in order along the normal, and its grid.
struct SeriesVolume {
  series::SeriesPlan plan;
  std::vector<annot::ImageRef> slices;
  std::string stem;  // names its files
};

Result<std::vector<SeriesVolume>> seriesVolumes(const annot::AnnotationFile& file, const std::string& imagesDir) {
  std::vector<dicom::DicomImage> headers;
  std::vector<const annot::ImageInfo*> infos;
  for (const annot::ImageInfo& info : file.images) {
    auto img = dicom::decodeDicomFile((std::filesystem::path(imagesDir) / info.file).string(), dicom::DecodePixels::kNo);
    if (!img) return makeError(img.error().code, info.file + ": " + img.error().message);
    headers.push_back(std::move(img).value());
    infos.push_back(&info);
  }
  std::vector<SeriesVolume> out;
  for (series::SeriesPlan& plan : series::planSeries(headers)) {
    SeriesVolume v;
    const std::size_t depth = plan.geometry.depth;
    for (std::size_t z = 0; z < depth; ++z) {
      const bool perFile = plan.instances.size() == depth;
      const annot::ImageInfo& info = *infos[plan.instances[perFile ? z : 0]];
      v.slices.push_back({info.id, perFile ? 0u : static_cast<std::uint32_t>(z)});
    }
    v.stem = imageStem(*infos[plan.instances.front()], 0);
    v.plan = std::move(plan);
    out.push_back(std::move(v));
  }
  return out;
}

// Voxel indices to RAS millimetres: DICOM's LPS with x and y negated.
void setAffine(nifti_1_header& h, const imaging::VolumeGeometry& g) {
  const imaging::Vec3 axes[3] = {g.rowDirection, g.columnDirection, g.normal};
  float* rows[3] = {h.srow_x, h.srow_y, h.srow_z};
  for (int r = 0; r < 3; ++r) {
    const double sign = r < 2 ? -1.0 : 1.0;
    for (int c = 0; c < 3; ++c) rows[r][c] = static_cast<float>(sign * axes[c][r] * g.spacing[c]);
    rows[r][3] = static_cast<float>(sign * g.origin[r]);
  }
  h.sform_code = g.inPatientSpace ? NIFTI_XFORM_SCANNER_ANAT : NIFTI_XFORM_ALIGNED_ANAT;
  h.qform_code = NIFTI_XFORM_UNKNOWN;
}

// Whether the file's voxel-to-world matrix (sform) puts the map on this
// grid: within a hundredth of a millimetre (the matrix is stored as floats,
// and other writers round through doubles).
bool placedOn(const nifti_1_header& h, const imaging::VolumeGeometry& g) {
  nifti_1_header want;
  std::memset(&want, 0, sizeof want);
  setAffine(want, g);
  const float* have[3] = {h.srow_x, h.srow_y, h.srow_z};
  const float* expected[3] = {want.srow_x, want.srow_y, want.srow_z};
  for (int r = 0; r < 3; ++r)
    for (int c = 0; c < 4; ++c)
      if (!(std::fabs(double{have[r][c]} - expected[r][c]) <= 0.01)) return false;  // NaN fails too
  return true;
}

nifti_1_header labelHeader(const imaging::VolumeGeometry& g, std::size_t labels) {
  nifti_1_header h;
  std::memset(&h, 0, sizeof h);
  h.sizeof_hdr = sizeof h;
  h.dim[0] = 3;
  h.dim[1] = static_cast<short>(g.width);
  h.dim[2] = static_cast<short>(g.height);
  h.dim[3] = static_cast<short>(g.depth);
  for (int i = 4; i < 8; ++i) h.dim[i] = 1;
  h.datatype = DT_UINT8;
  h.bitpix = 8;
  h.intent_code = NIFTI_INTENT_LABEL;
  h.pixdim[0] = 1;  // qfac
  for (int i = 0; i < 3; ++i) h.pixdim[i + 1] = static_cast<float>(g.spacing[i]);
  h.vox_offset = kVoxOffset;
  h.scl_slope = 1;
  h.cal_min = 0;
  h.cal_max = static_cast<float>(labels);
  h.xyzt_units = NIFTI_UNITS_MM;
  std::snprintf(h.descrip, sizeof h.descrip, "Limn label map");
  setAffine(h, g);
  std::memcpy(h.magic, "n+1\0", 4);
  return h;
}

nlohmann::json labelTable(const annot::LabelSchema& schema) {
  nlohmann::json labels = nlohmann::json::array();
  for (std::size_t i = 0; i < schema.labels.size(); ++i)
    labels.push_back({{"value", i + 1}, {"id", schema.labels[i].id}, {"name", schema.labels[i].name},
                      {"color", schema.labels[i].color}});
  return labels;
}

}  // namespace

ExportResult exportNifti(const annot::AnnotationFile& file, const annot::AnnotationDocument& document,
                         const std::string& imagesDir) {
  ExportResult result;
  auto volumes = seriesVolumes(file, imagesDir);
  if (!volumes) {
    result.skipped.push_back("images: " + volumes.error().message);
    return result;
  }
  if (file.schema.labels.size() > 255) {
    result.skipped.push_back("schema: more than 255 labels do not fit one byte per voxel");
    return result;
  }
  // The masks to place, in id order (where masks overlap the result does
  // not depend on how the ops arrived); every other annotation is named.
  std::vector<const annot::Annotation*> masks;
  std::set<const annot::Annotation*> placed;
  for (const auto& [id, a] : document.annotations()) {
    if (skipUnconfirmed(a, result)) continue;
    if (!std::holds_alternative<annot::Mask>(a.shape)) {
      result.skipped.push_back(id + ": a NIfTI label map holds masks, not a " +
                               std::string(shapeKindName(kindOf(a.shape))));
      continue;
    }
    masks.push_back(&a);
  }
  for (const SeriesVolume& v : *volumes) {
    const imaging::VolumeGeometry& g = v.plan.geometry;
    const std::size_t perSlice = g.voxelsPerSlice();
    std::vector<std::uint8_t> voxels;
    std::size_t inVolume = 0;
    for (const annot::Annotation* ap : masks) {
      const annot::Annotation& a = *ap;
      const std::string& id = a.id;
      const auto* m = std::get_if<annot::Mask>(&a.shape);
      const auto z = std::find(v.slices.begin(), v.slices.end(), a.image);
      if (z == v.slices.end()) continue;
      placed.insert(&a);
      // A single image is a volume of one slice; more must be a regular grid.
      if (!v.plan.regularGrid && g.depth > 1) {
        result.skipped.push_back(id + ": its series is not a regular grid (" +
                                 (v.plan.issues.empty() ? std::string("no volume") : v.plan.issues.front().message) + ")");
        continue;
      }
      if (m->width != g.width || m->height != g.height) {
        result.skipped.push_back(id + ": the mask is not the image's size");
        continue;
      }
      const std::size_t at = static_cast<std::size_t>(z - v.slices.begin()) * perSlice;
      if (voxels.empty()) voxels.assign(perSlice * g.depth, 0);
      std::uint8_t value = 0;
      for (std::size_t i = 0; i < file.schema.labels.size(); ++i)
        if (file.schema.labels[i].id == a.label) value = static_cast<std::uint8_t>(i + 1);
      if (!value) {
        result.skipped.push_back(id + ": label '" + a.label + "' is not in the schema");
        continue;
      }
      std::size_t p = at;
      for (std::size_t r = 0; r < m->runs.size(); ++r) {
        if (r % 2 == 1) std::fill_n(voxels.begin() + static_cast<std::ptrdiff_t>(p), m->runs[r], value);
        p += m->runs[r];
      }
      ++inVolume;
    }
    if (!inVolume) continue;
    const nifti_1_header h = labelHeader(g, file.schema.labels.size());
    std::string bytes(kVoxOffset + voxels.size(), '\0');
    std::memcpy(bytes.data(), &h, sizeof h);
    std::memcpy(bytes.data() + kVoxOffset, voxels.data(), voxels.size());
    result.files[v.stem + ".nii"] = std::move(bytes);
    nlohmann::json slices = nlohmann::json::array();
    for (const annot::ImageRef& s : v.slices) slices.push_back({{"image", s.image}, {"frame", s.frame}});
    result.files[v.stem + ".labels.json"] =
        nlohmann::json{{"format", "limn-nifti-labels"}, {"version", 1}, {"labels", labelTable(file.schema)}, {"slices", slices}}
            .dump(2);
    result.exported += inVolume;
  }
  for (const annot::Annotation* a : masks)
    if (!placed.contains(a)) result.skipped.push_back(a->id + ": its image is not among the images of any series");
  return result;
}

namespace {

// A sidecar's label table: {"labels": [{"value": 1..255, "id": "..."}, ...]}.
Result<std::map<int, std::string>> labelTableValues(const std::string& text) {
  const auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("labels") || !j["labels"].is_array())
    return makeError(ErrorCode::kInvalidArgument, "not a label table");
  std::map<int, std::string> out;
  for (const auto& l : j["labels"]) {
    if (!l.is_object() || !l.contains("value") || !l["value"].is_number_integer() || !l.contains("id") ||
        !l["id"].is_string())
      return makeError(ErrorCode::kInvalidArgument, "each label is {\"value\": 1-255, \"id\": \"...\"}");
    const auto value = l["value"].get<std::int64_t>();
    if (value < 1 || value > 255) return makeError(ErrorCode::kInvalidArgument, "a label value is not 1-255");
    out[static_cast<int>(value)] = l["id"].get<std::string>();
  }
  return out;
}

}  // namespace

Result<std::vector<annot::Annotation>> importNifti(const FileSet& files, const annot::AnnotationFile& file,
                                                   const std::string& imagesDir) {
  auto volumes = seriesVolumes(file, imagesDir);
  if (!volumes) return volumes.error();
  std::vector<annot::Annotation> out;
  for (const auto& [name, bytes] : files) {
    if (name.ends_with(".nii.gz"))
      return makeError(ErrorCode::kUnsupportedEncoding, name + ": a compressed NIfTI file; gunzip it first");
    if (name.size() < 4 || name.compare(name.size() - 4, 4, ".nii") != 0) continue;
    nifti_1_header h;
    if (bytes.size() < sizeof h) return makeError(ErrorCode::kInvalidArgument, name + ": too short for a NIfTI-1 header");
    std::memcpy(&h, bytes.data(), sizeof h);
    if (h.sizeof_hdr != 348 || std::memcmp(h.magic, "n+1", 4) != 0)
      return makeError(ErrorCode::kInvalidArgument, name + ": not a single-file NIfTI-1 image (.nii, little-endian)");
    if (h.datatype != DT_UINT8 || h.dim[0] != 3)
      return makeError(ErrorCode::kInvalidArgument, name + ": expected a 3D label map of unsigned bytes");
    if (h.dim[1] < 1 || h.dim[2] < 1 || h.dim[3] < 1)
      return makeError(ErrorCode::kInvalidArgument, name + ": a dimension is not positive");
    const std::uint32_t w = static_cast<std::uint32_t>(h.dim[1]), hgt = static_cast<std::uint32_t>(h.dim[2]),
                        d = static_cast<std::uint32_t>(h.dim[3]);
    // Written as a test that NaN fails too, in double (a float may round the
    // file's size up), before the float becomes an offset.
    const double voxOffset = h.vox_offset;
    if (!(voxOffset >= kVoxOffset && voxOffset <= static_cast<double>(bytes.size())))
      return makeError(ErrorCode::kInvalidArgument, name + ": the voxel offset is outside the file");
    const std::size_t offset = static_cast<std::size_t>(voxOffset);
    const std::size_t perSlice = std::size_t{w} * hgt;  // NIfTI-1 dimensions are 16-bit: no overflow
    if (offset > bytes.size() || bytes.size() - offset < std::uint64_t{perSlice} * d)
      return makeError(ErrorCode::kInvalidArgument, name + ": the voxels are cut short");
    // The series of the map's size that lies where its sform puts it: a
    // mirrored or shifted map is refused, not painted on the wrong voxels.
    if (h.sform_code <= 0)
      return makeError(ErrorCode::kInvalidArgument, name + ": no sform, so where the map lies is unknown");
    const auto sized = [&](const SeriesVolume& s) {
      return s.plan.geometry.width == w && s.plan.geometry.height == hgt && s.plan.geometry.depth == d;
    };
    const auto v = std::find_if(volumes->begin(), volumes->end(),
                                [&](const SeriesVolume& s) { return sized(s) && placedOn(h, s.plan.geometry); });
    if (v == volumes->end())
      return makeError(ErrorCode::kInvalidArgument,
                       name + ": no series of the annotation file is " + std::to_string(w) + "x" + std::to_string(hgt) +
                           "x" + std::to_string(d) +
                           (std::any_of(volumes->begin(), volumes->end(), sized)
                                ? " where its sform puts it (mirrored, shifted or another series?)"
                                : ""));
    // Values name labels through the sidecar, else by their place in the schema.
    std::map<int, std::string> labelOf;
    const std::string stem = name.substr(0, name.size() - 4);
    if (const auto side = files.find(stem + ".labels.json"); side != files.end()) {
      auto table = labelTableValues(side->second);
      if (!table) return makeError(ErrorCode::kInvalidArgument, stem + ".labels.json: " + table.error().message);
      labelOf = std::move(*table);
    } else {
      for (std::size_t i = 0; i < file.schema.labels.size(); ++i) labelOf[static_cast<int>(i + 1)] = file.schema.labels[i].id;
    }
    const auto* voxels = reinterpret_cast<const std::uint8_t*>(bytes.data() + offset);
    for (std::uint32_t z = 0; z < d; ++z) {
      const std::uint8_t* slice = voxels + perSlice * z;
      std::vector<bool> present(256, false);
      for (std::size_t i = 0; i < perSlice; ++i) present[slice[i]] = true;
      for (int value = 1; value < 256; ++value) {
        if (!present[value]) continue;
        const auto label = labelOf.find(value);
        if (label == labelOf.end() || label->second.empty())
          return makeError(ErrorCode::kInvalidArgument, name + ": value " + std::to_string(value) + " names no label");
        std::vector<std::uint8_t> bits(perSlice);
        for (std::size_t i = 0; i < perSlice; ++i) bits[i] = slice[i] == value;
        annot::Annotation a;
        a.id = "nifti-" + stem + "-" + std::to_string(z) + "-" + std::to_string(value);
        a.image = v->slices[z];
        a.label = label->second;
        a.shape = annot::maskFromBits(w, hgt, bits);
        a.source = "import:nifti";
        out.push_back(std::move(a));
      }
    }
  }
  return out;
}

}  // namespace limn::exporting
