#include "client/core/export/export_format.h"

#include <filesystem>

#include "client/core/annot/annotation_filter.h"
#include "client/core/export/coco.h"
#include "client/core/export/dicom_seg.h"
#include "client/core/export/nifti.h"
#include "client/core/export/voc.h"
#include "client/core/export/yolo.h"

namespace limn::exporting {

bool skipUnconfirmed(const annot::Annotation& a, ExportResult& out) {
  if (!annot::awaitsConfirmation(a)) return false;
  out.skipped.push_back(a.id + ": a model's proposal that no one has confirmed yet");
  return true;
}

std::string imageStem(const annot::ImageInfo& info, std::uint32_t frame) {
  std::string stem = std::filesystem::path(info.file.empty() ? info.id : info.file).stem().string();
  if (info.frames > 1) stem += "_f" + std::to_string(frame);
  return stem;
}

Result<Format> parseFormat(std::string_view name) {
  if (name == "coco") return Format::kCoco;
  if (name == "yolo") return Format::kYolo;
  if (name == "voc") return Format::kVoc;
  if (name == "dicom-seg") return Format::kDicomSeg;
  if (name == "nifti") return Format::kNifti;
  return makeError(ErrorCode::kInvalidArgument,
                   "unknown format '" + std::string(name) + "' (coco, yolo, voc, dicom-seg, nifti)");
}

std::string_view formatName(Format f) {
  switch (f) {
    case Format::kCoco: return "coco";
    case Format::kYolo: return "yolo";
    case Format::kVoc: return "voc";
    case Format::kDicomSeg: return "dicom-seg";
    case Format::kNifti: return "nifti";
  }
  return "?";
}

ExportResult exportAnnotations(Format format, const annot::AnnotationFile& file, const annot::AnnotationDocument& doc,
                               const std::string& imagesDir) {
  switch (format) {
    case Format::kCoco: return exportCoco(file, doc);
    case Format::kYolo: return exportYolo(file, doc);
    case Format::kVoc: return exportVoc(file, doc);
    case Format::kDicomSeg: return exportDicomSeg(file, doc, imagesDir);
    case Format::kNifti: return exportNifti(file, doc, imagesDir);
  }
  return {};
}

Result<std::vector<annot::Annotation>> importAnnotations(Format format, const FileSet& files,
                                                         const annot::AnnotationFile& file, const std::string& imagesDir) {
  switch (format) {
    case Format::kCoco: return importCoco(files, file);
    case Format::kYolo: return importYolo(files, file);
    case Format::kVoc: return importVoc(files, file);
    case Format::kDicomSeg: return importDicomSeg(files, file, imagesDir);
    case Format::kNifti: return importNifti(files, file, imagesDir);
  }
  return makeError(ErrorCode::kInvalidArgument, "unknown format");
}

}  // namespace limn::exporting
