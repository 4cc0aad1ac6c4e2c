#include "client/core/export/export_format.h"

#include "client/core/export/coco.h"
#include "client/core/export/voc.h"
#include "client/core/export/yolo.h"

namespace limn::exporting {

Result<Format> parseFormat(std::string_view name) {
  if (name == "coco") return Format::kCoco;
  if (name == "yolo") return Format::kYolo;
  if (name == "voc") return Format::kVoc;
  return makeError(ErrorCode::kInvalidArgument, "unknown format '" + std::string(name) + "' (coco, yolo, voc)");
}

std::string_view formatName(Format f) {
  switch (f) {
    case Format::kCoco: return "coco";
    case Format::kYolo: return "yolo";
    case Format::kVoc: return "voc";
  }
  return "?";
}

ExportResult exportAnnotations(Format format, const annot::AnnotationFile& file, const annot::AnnotationDocument& doc) {
  switch (format) {
    case Format::kCoco: return exportCoco(file, doc);
    case Format::kYolo: return exportYolo(file, doc);
    case Format::kVoc: return exportVoc(file, doc);
  }
  return {};
}

Result<std::vector<annot::Annotation>> importAnnotations(Format format, const FileSet& files,
                                                         const annot::AnnotationFile& file) {
  switch (format) {
    case Format::kCoco: return importCoco(files, file);
    case Format::kYolo: return importYolo(files, file);
    case Format::kVoc: return importVoc(files, file);
  }
  return makeError(ErrorCode::kInvalidArgument, "unknown format");
}

}  // namespace limn::exporting
