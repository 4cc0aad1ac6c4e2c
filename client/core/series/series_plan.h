// Series assembly: which decoded instances belong together and in what
// order. Groups by study and series, sorts along the slice normal by
// ImagePositionPatient (InstanceNumber when positions are missing), and
// reports what would make a volume wrong (mixed sizes or orientations,
// gaps, non-uniform or duplicate positions) instead of guessing.
//
// GDCM's IPPSorter does the sorting part for files on disk; here instances
// live in memory (browser) and every deviation must reach the user, so the
// rule is written out in one place.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "client/core/dicom/dicom_image.h"
#include "client/core/imaging/volume.h"

namespace limn::series {

enum class IssueKind {
  kMixedSizes,         // instances of one series differ in rows/columns
  kMixedOrientation,   // instances of one series lie in different planes
  kMissingPosition,    // some instance has no ImagePositionPatient/Orientation
  kDuplicatePosition,  // two instances at the same position along the normal
  kGap,                // missing slice(s): a step is a multiple of the usual one
  kNonUniformSpacing,  // steps differ beyond tolerance without being a gap
  kSheared,            // slices shift within their plane (gantry tilt)
  kMixedPixelSpacing,  // instances differ in PixelSpacing
  kCopiesLeftOut,      // files that repeat an instance (same SOP Instance UID and pixels): one is kept
  kSplitByAcquisition, // echoes, time points, b-values or acquisitions at the same positions: one stack each
};

struct Issue {
  IssueKind kind;
  std::string message;  // for the user; UIDs and numbers only, no PHI
};

struct SeriesPlan {
  std::string studyUid;
  std::string seriesUid;
  std::string modality;
  std::string description;
  // Indices into the input span, in slice order (ascending along the normal).
  // A multi-frame instance is a plan of its own, with one index.
  std::vector<std::size_t> instances;
  imaging::VolumeGeometry geometry;
  std::string spacingSource;  // where the pixel spacing comes from (DisplayAttributes::spacingSource)
  // True when slices are equally spaced planes of one orientation: safe for
  // MPR and for measuring across slices. Issues explain why when false.
  bool regularGrid = false;
  std::vector<Issue> issues;
  // Which of the series' echoes, time points, b-values or acquisitions this
  // stack holds ("echo 2", "b=1000"), when the series held several at the
  // same positions; "" otherwise.
  std::string part;
  std::size_t partIndex = 0;  // order of the parts of one series
};

// Plans every monochrome instance with pixel data; colour instances each
// become a one-instance plan (no volume). A file that repeats an instance
// already given (same SOP Instance UID, same pixels: an export folder with
// copies) is left out and counted in its plan's issues; one whose pixels
// differ stays, and its duplicate position is reported. A series holding
// several echoes, time points, b-values or acquisitions at the same
// positions (multi-echo, dynamic, diffusion) becomes one stack per value,
// each reported. Order of plans: by study, then series number, then series
// UID, then part.
std::vector<SeriesPlan> planSeries(std::span<const dicom::DicomImage> images);

}  // namespace limn::series
