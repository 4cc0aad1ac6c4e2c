// The annotation file (README "Annotation files"): the images annotated, the
// label schema (inline, or a file beside it), and the ops. Folding the ops
// gives the annotations; exports read that.
//
//   {"format": "limn-annotations", "version": 1,
//    "schema_file": "schema.json",                  // or "schema": {...}
//    "images": [{"id": "ct_small", "file": "CT_small.dcm", "rows": 128,
//                "columns": 128, "frames": 1, "pixel_spacing": [0.66, 0.66]}],
//    "ops": [{"v": 1, "kind": "create", ...}, ...]}
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "client/core/annot/annotation_document.h"
#include "client/core/annot/label_schema.h"

namespace limn::annot {

// More frames than any multi-frame object (cine, whole-slide levels) holds.
constexpr std::uint32_t kMaxFrames = 1u << 20;

struct ImageInfo {
  std::string id;
  std::string file;  // relative to an images folder
  std::uint32_t rows = 0, columns = 0, frames = 1;
  std::optional<std::array<double, 2>> pixelSpacing;  // mm between rows, between columns
};

struct AnnotationFile {
  LabelSchema schema;
  std::string schemaFile;  // when the schema lives beside the file
  std::vector<ImageInfo> images;
  std::vector<Op> ops;

  const ImageInfo* image(std::string_view id) const;
};

// `baseDir` resolves "schema_file".
Result<AnnotationFile> annotationFileFromJson(std::string_view json, const std::string& baseDir);
Result<AnnotationFile> readAnnotationFile(const std::string& path);
std::string annotationFileToJson(const AnnotationFile& file);

}  // namespace limn::annot
