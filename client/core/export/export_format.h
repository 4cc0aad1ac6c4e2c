// Annotation exports and imports (COCO, YOLO, Pascal VOC), the same code for
// the CLI and the browser. An export is a set of files (name -> bytes) so
// the caller decides where they go (a folder, a zip). Import reads the same
// files back into annotations that become "create" ops.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "client/core/annot/annotation_file.h"
#include "shared/error/result.h"

namespace limn::exporting {

enum class Format : std::uint8_t { kCoco, kYolo, kVoc, kDicomSeg, kNifti };

Result<Format> parseFormat(std::string_view name);  // "coco", "yolo", "voc", "dicom-seg", "nifti"
std::string_view formatName(Format f);

using FileSet = std::map<std::string, std::string>;  // relative path -> contents

struct ExportResult {
  FileSet files;
  std::size_t exported = 0;
  std::vector<std::string> skipped;  // "annotation id: why" (shapes the format cannot hold)
};

// True (and noted in `out.skipped`) for a model's proposal no person has
// confirmed: exports hold what people stand behind.
bool skipUnconfirmed(const annot::Annotation& a, ExportResult& out);

// The base name an export gives an image's files: its file's stem, with
// "_f<frame>" for frames of multi-frame images.
std::string imageStem(const annot::ImageInfo& info, std::uint32_t frame);

// Before an export (or after an import): each image has a name of its own
// in the export (two files of one name from two folders would land on one
// file, or be mixed up on the way back).
Status checkDistinctNames(const annot::AnnotationFile& file);

// An annotation lies on a frame its image has, a mask at the image's size, a
// box with its far corner after its near one;
// an export would otherwise put it on another frame or write a broken file.
Status checkOnItsImage(const annot::AnnotationFile& file, const annot::Annotation& a);

// `imagesDir` holds the source images (DICOM SEG references them; NIfTI
// takes the volume's geometry from them).
ExportResult exportAnnotations(Format format, const annot::AnnotationFile& file,
                               const annot::AnnotationDocument& document, const std::string& imagesDir = "");

// Annotations from an export of `format`, for the images of `file` (matched
// by file name, or for DICOM SEG by the source SOP instance in `imagesDir`);
// the schema's labels name the categories.
Result<std::vector<annot::Annotation>> importAnnotations(Format format, const FileSet& files,
                                                         const annot::AnnotationFile& file,
                                                         const std::string& imagesDir = "");

}  // namespace limn::exporting
