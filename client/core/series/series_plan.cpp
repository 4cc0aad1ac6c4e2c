#include "client/core/series/series_plan.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <set>
#include <tuple>

namespace limn::series {

namespace {

using imaging::Vec3;

// Positions closer than this along the normal are the same plane.
constexpr double kSamePlaneMm = 0.01;
// A step may deviate from the usual one by this much (mm or fraction,
// whichever is larger) before we call the spacing irregular: scanners
// write positions with a few micrometres of rounding.
constexpr double kStepToleranceMm = 0.02;
constexpr double kStepToleranceFraction = 0.01;

std::string formatMm(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f mm", v);
  return buf;
}

std::string instanceLabel(const dicom::DicomImage& img, std::size_t index) {
  if (img.instance.instanceNumber) return "instance " + std::to_string(*img.instance.instanceNumber);
  return "file #" + std::to_string(index + 1);
}

bool hasPlane(const dicom::DicomImage& img) {
  return img.instance.imagePosition && img.instance.imageOrientation;
}

Vec3 rowOf(const std::array<double, 6>& o) { return {o[0], o[1], o[2]}; }
Vec3 columnOf(const std::array<double, 6>& o) { return {o[3], o[4], o[5]}; }

// Orientation rounded so that cosines equal to ~1e-4 compare equal.
std::string orientationKey(const dicom::DicomImage& img) {
  if (!img.instance.imageOrientation) return "none";
  std::string key;
  for (double c : *img.instance.imageOrientation) key += std::to_string(std::lround(c * 1e4)) + ",";
  return key;
}

SeriesPlan emptyPlan(const dicom::DicomImage& img) {
  SeriesPlan p;
  p.studyUid = img.instance.studyUid;
  p.seriesUid = img.instance.seriesUid;
  p.modality = img.modality;
  p.description = img.instance.seriesDescription;
  p.geometry.width = img.layout.columns;
  p.geometry.height = img.layout.rows;
  if (img.display.pixelSpacingRow && img.display.pixelSpacingColumn && *img.display.pixelSpacingRow > 0 &&
      *img.display.pixelSpacingColumn > 0) {
    p.geometry.spacing[0] = *img.display.pixelSpacingColumn;
    p.geometry.spacing[1] = *img.display.pixelSpacingRow;
    p.geometry.pixelSpacingKnown = true;
    p.spacingSource = img.display.spacingSource;
  }
  if (hasPlane(img)) {
    const auto& o = *img.instance.imageOrientation;
    p.geometry.origin = *img.instance.imagePosition;
    p.geometry.rowDirection = imaging::unit(rowOf(o));
    p.geometry.columnDirection = imaging::unit(columnOf(o));
    p.geometry.normal = imaging::unit(imaging::cross(p.geometry.rowDirection, p.geometry.columnDirection));
    p.geometry.inPatientSpace = true;
  }
  return p;
}

// One instance on its own: a single image, a colour image, or a multi-frame
// file whose frames are the slices.
SeriesPlan singleInstancePlan(const dicom::DicomImage& img, std::size_t index) {
  SeriesPlan p = emptyPlan(img);
  p.instances = {index};
  p.geometry.depth = img.layout.isColour() ? 1 : img.layout.frames;
  if (p.geometry.depth < 2) return p;
  if (p.geometry.inPatientSpace && img.instance.frameSpacing && *img.instance.frameSpacing != 0) {
    // Slices run along +z of the volume; frames stepping against the
    // normal make z point the other way.
    if (*img.instance.frameSpacing < 0) p.geometry.normal = imaging::scaled(p.geometry.normal, -1);
    p.geometry.spacing[2] = std::abs(*img.instance.frameSpacing);
    p.geometry.sliceSpacingKnown = true;
    p.regularGrid = true;
  } else {
    p.geometry.inPatientSpace = false;
    switch (img.instance.frameSpacingProblem) {
      case dicom::FrameSpacingProblem::kUneven:
        p.issues.push_back({IssueKind::kNonUniformSpacing,
                            "multi-frame image whose frames are not evenly spaced along the normal: "
                            "frames are shown as a stack, slice spacing unknown"});
        break;
      case dicom::FrameSpacingProblem::kOnePosition:
        p.issues.push_back({IssueKind::kDuplicatePosition,
                            "multi-frame image whose " + std::to_string(img.layout.frames) +
                                " frames all lie at one position (frames in time): shown as a stack"});
        break;
      default:
        p.issues.push_back({IssueKind::kMissingPosition,
                            "multi-frame image without per-frame geometry: frames are shown as a stack"});
    }
  }
  return p;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

// Slices of one volume sit straight above each other: a slice shifted
// within its plane by half a pixel or more (gantry tilt, a sheared stack)
// or with other pixel spacing cannot be placed by origin + z * spacing.
void reportShearAndSpacing(SeriesPlan& p, std::span<const dicom::DicomImage> images) {
  const auto& idx = p.instances;
  const Vec3 normal = p.geometry.normal;
  const Vec3 first = *images[idx.front()].instance.imagePosition;
  const double halfPixel = p.geometry.pixelSpacingKnown ? 0.5 * std::min(p.geometry.spacing[0], p.geometry.spacing[1]) : 0.1;
  double worst = 0;
  std::size_t worstAt = idx.front();
  for (std::size_t i : idx) {
    const Vec3 d = imaging::sub(*images[i].instance.imagePosition, first);
    const Vec3 inPlane = imaging::sub(d, imaging::scaled(normal, imaging::dot(d, normal)));
    const double shift = imaging::length(inPlane);
    if (shift > worst) worst = shift, worstAt = i;
  }
  if (worst >= halfPixel)
    p.issues.push_back({IssueKind::kSheared, "slices shift within their plane by up to " + formatMm(worst) + " (at " +
                                                 instanceLabel(images[worstAt], worstAt) +
                                                 "): gantry tilt? MPR and positions assume a straight stack"});
  const auto& a = images[idx.front()].display;
  for (std::size_t i : idx) {
    const auto& b = images[i].display;
    const bool differs = a.pixelSpacingRow.has_value() != b.pixelSpacingRow.has_value() ||
                         (a.pixelSpacingRow && std::abs(*a.pixelSpacingRow - *b.pixelSpacingRow) > 1e-4) ||
                         (a.pixelSpacingColumn && b.pixelSpacingColumn &&
                          std::abs(*a.pixelSpacingColumn - *b.pixelSpacingColumn) > 1e-4);
    if (!differs) continue;
    p.issues.push_back({IssueKind::kMixedPixelSpacing, "pixel spacing differs between " +
                                                           instanceLabel(images[idx.front()], idx.front()) + " and " +
                                                           instanceLabel(images[i], i)});
    break;
  }
}

// Sorts one orientation/size-consistent group and checks its spacing.
void orderAndMeasure(SeriesPlan& p, std::span<const dicom::DicomImage> images) {
  auto& idx = p.instances;
  auto instanceNumber = [&](std::size_t i) {
    return images[i].instance.instanceNumber.value_or(std::numeric_limits<int>::max());
  };
  const bool allPlaced = std::all_of(idx.begin(), idx.end(), [&](std::size_t i) { return hasPlane(images[i]); });
  p.geometry.depth = static_cast<std::uint32_t>(idx.size());
  if (!allPlaced) {
    std::stable_sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) {
      return instanceNumber(a) < instanceNumber(b);
    });
    p.geometry.inPatientSpace = false;
    if (idx.size() > 1) {
      const auto missing = std::count_if(idx.begin(), idx.end(), [&](std::size_t i) { return !hasPlane(images[i]); });
      p.issues.push_back({IssueKind::kMissingPosition,
                          std::to_string(missing) + " of " + std::to_string(idx.size()) +
                              " images have no position or orientation: ordered by InstanceNumber, "
                              "slice spacing unknown"});
    }
    return;
  }
  // emptyPlan() took directions from a member of this group: all share them.
  const Vec3 normal = p.geometry.normal;
  auto along = [&](std::size_t i) { return imaging::dot(*images[i].instance.imagePosition, normal); };
  std::stable_sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) {
    const double da = along(a), db = along(b);
    if (std::abs(da - db) >= kSamePlaneMm) return da < db;
    return instanceNumber(a) < instanceNumber(b);
  });
  p.geometry.origin = *images[idx.front()].instance.imagePosition;  // the first slice after sorting
  if (idx.size() < 2) return;
  reportShearAndSpacing(p, images);

  std::vector<double> steps;
  for (std::size_t k = 0; k + 1 < idx.size(); ++k) steps.push_back(along(idx[k + 1]) - along(idx[k]));
  std::vector<double> positive;
  for (double s : steps)
    if (s >= kSamePlaneMm) positive.push_back(s);
  std::size_t duplicates = steps.size() - positive.size();
  if (duplicates > 0) {
    std::size_t k = 0;
    while (steps[k] >= kSamePlaneMm) ++k;
    p.issues.push_back({IssueKind::kDuplicatePosition,
                        std::to_string(duplicates) + " image(s) share a position with another (e.g. " +
                            instanceLabel(images[idx[k]], idx[k]) + " and " +
                            instanceLabel(images[idx[k + 1]], idx[k + 1]) +
                            "): several acquisitions in one series?"});
  }
  if (positive.empty()) return;
  const double usual = median(positive);
  const double tolerance = std::max(kStepToleranceMm, kStepToleranceFraction * usual);
  p.geometry.spacing[2] = usual;
  p.geometry.sliceSpacingKnown = true;
  std::size_t gapSlices = 0, irregular = 0;
  std::string firstGap, firstIrregular;
  for (std::size_t k = 0; k < steps.size(); ++k) {
    const double s = steps[k];
    if (s < kSamePlaneMm || std::abs(s - usual) <= tolerance) continue;
    const std::string where = "between " + instanceLabel(images[idx[k]], idx[k]) + " and " +
                              instanceLabel(images[idx[k + 1]], idx[k + 1]) + " (step " + formatMm(s) + ")";
    const double multiple = s / usual;
    if (multiple > 1.5 && std::abs(multiple - std::round(multiple)) * usual <= tolerance) {
      gapSlices += static_cast<std::size_t>(std::lround(multiple)) - 1;
      if (firstGap.empty()) firstGap = where;
    } else {
      ++irregular;
      if (firstIrregular.empty()) firstIrregular = where;
    }
  }
  if (gapSlices > 0)
    p.issues.push_back({IssueKind::kGap, std::to_string(gapSlices) + " slice(s) missing, first " + firstGap +
                                             "; usual spacing " + formatMm(usual)});
  if (irregular > 0)
    p.issues.push_back({IssueKind::kNonUniformSpacing, std::to_string(irregular) + " irregular step(s), first " +
                                                           firstIrregular + "; usual spacing " + formatMm(usual)});
  p.regularGrid = p.issues.empty();
}

// The attributes that tell apart images of one series at one position, in
// the order they are tried: the first that every image has, that takes
// several values, and that leaves no two images of one value at one
// position, splits the series.
struct PartKey {
  const char* prefix;     // for the user, before the value: "echo " (echo 2), "b=" (b=1000)
  const char* attribute;  // for the report: "Echo Numbers"
  std::optional<double> (*value)(const dicom::InstanceAttributes&);
};
template <typename T>
std::optional<double> asNumber(const std::optional<T>& v) {
  return v ? std::optional<double>(static_cast<double>(*v)) : std::nullopt;
}
constexpr PartKey kPartKeys[] = {
    {"echo ", "Echo Numbers", [](const dicom::InstanceAttributes& a) { return asNumber(a.echoNumber); }},
    {"b=", "Diffusion b-value", [](const dicom::InstanceAttributes& a) { return asNumber(a.diffusionBValue); }},
    {"time ", "Temporal Position Identifier",
     [](const dicom::InstanceAttributes& a) { return asNumber(a.temporalPosition); }},
    {"acquisition ", "Acquisition Number",
     [](const dicom::InstanceAttributes& a) { return asNumber(a.acquisitionNumber); }},
};

// Whether two of `indices` lie at one position (to a hundredth of a mm).
bool sharesPositions(const std::vector<std::size_t>& indices, std::span<const dicom::DicomImage> images) {
  std::set<std::array<long long, 3>> seen;
  for (std::size_t i : indices) {
    const auto& p = *images[i].instance.imagePosition;
    if (!seen.insert({std::llround(p[0] / kSamePlaneMm), std::llround(p[1] / kSamePlaneMm),
                      std::llround(p[2] / kSamePlaneMm)}).second)
      return true;
  }
  return false;
}

std::string formatValue(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

struct Part {
  std::string label;  // "" when the images are not split
  std::vector<std::size_t> indices;
};

// `indices` (one size and orientation of a series) as one part, or one per
// value of the first key that separates images sharing positions.
std::vector<Part> splitAtSamePositions(const std::vector<std::size_t>& indices,
                                       std::span<const dicom::DicomImage> images, std::vector<Issue>& notes) {
  const bool placed = std::all_of(indices.begin(), indices.end(), [&](std::size_t i) { return hasPlane(images[i]); });
  if (!placed || !sharesPositions(indices, images)) return {{"", indices}};
  for (const PartKey& key : kPartKeys) {
    std::map<double, std::vector<std::size_t>> byValue;
    bool everyImage = true;
    for (std::size_t i : indices) {
      const auto v = key.value(images[i].instance);
      if (!v) {
        everyImage = false;
        break;
      }
      byValue[*v].push_back(i);
    }
    if (!everyImage || byValue.size() < 2) continue;
    if (std::any_of(byValue.begin(), byValue.end(), [&](const auto& g) { return sharesPositions(g.second, images); }))
      continue;
    std::vector<Part> parts;
    std::string values;
    for (auto& [value, members] : byValue) {
      const std::string text = formatValue(value);
      parts.push_back({key.prefix + text, std::move(members)});
      values += (values.empty() ? "" : ", ") + text;
    }
    notes.push_back({IssueKind::kSplitByAcquisition,
                     "series holds " + std::to_string(parts.size()) + " stacks at the same positions (" +
                         key.attribute + " " + values + "): each is shown on its own"});
    return parts;
  }
  return {{"", indices}};
}

// A series split by image size or orientation says so in each stack.
void noteShapeSplits(SeriesPlan& p, const std::map<std::string, std::size_t>& sizes, std::size_t orientations) {
  if (sizes.size() > 1) {
    std::string list;
    for (const auto& [size, count] : sizes) list += (list.empty() ? "" : ", ") + size + ": " + std::to_string(count);
    p.issues.push_back({IssueKind::kMixedSizes, "series has images of " + std::to_string(sizes.size()) + " sizes (" +
                                                    list + "); each size is shown as its own stack"});
  }
  if (orientations > 1)
    p.issues.push_back({IssueKind::kMixedOrientation, "series has images in " + std::to_string(orientations) +
                                                          " orientations; each orientation is shown as its own stack"});
}

std::string sizeLabel(const dicom::DicomImage& img) {
  return std::to_string(img.layout.columns) + "x" + std::to_string(img.layout.rows);
}

}  // namespace

std::vector<SeriesPlan> planSeries(std::span<const dicom::DicomImage> images) {
  std::vector<SeriesPlan> plans;
  // (study, series) -> indices of single-frame monochrome instances.
  std::map<std::pair<std::string, std::string>, std::vector<std::size_t>> groups;
  std::map<std::string, std::size_t> firstOfInstance;  // SOP Instance UID -> index kept
  std::map<std::size_t, std::size_t> copiesOf;          // index kept -> copies left out
  for (std::size_t i = 0; i < images.size(); ++i) {
    const dicom::DicomImage& img = images[i];
    if (!img.hasPixelData) continue;
    if (const std::string& uid = img.instance.sopInstanceUid; !uid.empty()) {
      const auto [kept, first] = firstOfInstance.try_emplace(uid, i);
      if (!first && images[kept->second].pixels == img.pixels) {
        ++copiesOf[kept->second];
        continue;
      }
    }
    const bool stackable = !img.layout.isColour() && img.layout.frames == 1;
    if (!stackable || img.instance.seriesUid.empty()) {
      plans.push_back(singleInstancePlan(img, i));
      continue;
    }
    groups[{img.instance.studyUid, img.instance.seriesUid}].push_back(i);
  }
  for (const auto& [key, members] : groups) {
    // Split by size, then by orientation; each split is reported.
    std::map<std::pair<std::string, std::string>, std::vector<std::size_t>> parts;
    std::map<std::string, std::size_t> sizes, orientations;
    for (std::size_t i : members) {
      parts[{sizeLabel(images[i]), orientationKey(images[i])}].push_back(i);
      ++sizes[sizeLabel(images[i])];
      ++orientations[orientationKey(images[i])];
    }
    for (const auto& [shape, sameShape] : parts) {
      std::vector<Issue> splitNotes;
      const std::vector<Part> stacks = splitAtSamePositions(sameShape, images, splitNotes);
      for (std::size_t k = 0; k < stacks.size(); ++k) {
        SeriesPlan p = emptyPlan(images[stacks[k].indices.front()]);
        p.instances = stacks[k].indices;
        p.part = stacks[k].label;
        p.partIndex = k;
        // Measured before the splits are noted: a clean stack that shares
        // its series with a localizer is still a regular grid (MPR stays).
        orderAndMeasure(p, images);
        p.issues.insert(p.issues.end(), splitNotes.begin(), splitNotes.end());
        noteShapeSplits(p, sizes, orientations.size());
        plans.push_back(std::move(p));
      }
    }
  }
  for (SeriesPlan& p : plans) {
    std::size_t copies = 0;
    for (std::size_t i : p.instances)
      if (const auto c = copiesOf.find(i); c != copiesOf.end()) copies += c->second;
    if (copies > 0)
      p.issues.push_back({IssueKind::kCopiesLeftOut, std::to_string(copies) +
                                                         " file(s) repeat images already given (same SOP Instance "
                                                         "UID and pixels): left out"});
  }
  std::stable_sort(plans.begin(), plans.end(), [&](const SeriesPlan& a, const SeriesPlan& b) {
    const auto number = [&](const SeriesPlan& p) {
      return images[p.instances.front()].instance.seriesNumber.value_or(std::numeric_limits<int>::max());
    };
    return std::tuple(a.studyUid, number(a), a.seriesUid, a.partIndex, a.instances.front()) <
           std::tuple(b.studyUid, number(b), b.seriesUid, b.partIndex, b.instances.front());
  });
  return plans;
}

}  // namespace limn::series
