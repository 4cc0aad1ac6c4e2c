#include "client/core/export/export_format.h"

#include <filesystem>
#include <map>
#include <set>

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

Status checkDistinctNames(const annot::AnnotationFile& file) {
  std::map<std::string, const annot::ImageInfo*> named;
  for (const annot::ImageInfo& info : file.images) {
    std::set<std::string> own;  // a base name and its frames' names
    own.insert(std::filesystem::path(info.file.empty() ? info.id : info.file).stem().string());
    for (std::uint32_t f = 0; f < info.frames; ++f) own.insert(imageStem(info, f));
    for (const std::string& name : own) {
      const auto [at, fresh] = named.emplace(name, &info);
      if (!fresh && at->second != &info)
        return makeError(ErrorCode::kInvalidArgument,
                         "images " + (at->second->file.empty() ? at->second->id : at->second->file) + " and " +
                             (info.file.empty() ? info.id : info.file) + " would share the name " + name +
                             " in an export: rename one, or export them separately");
    }
  }
  return okStatus();
}

Status checkOnItsImage(const annot::AnnotationFile& file, const annot::Annotation& a) {
  if (const auto* b = std::get_if<annot::Box>(&a.shape); b && (b->width < 0 || b->height < 0))
    return makeError(ErrorCode::kInvalidArgument, a.id + ": a box of negative width or height (its far corner before "
                                                         "its near one)");
  const annot::ImageInfo* info = file.image(a.image.image);
  if (!info) return okStatus();  // the formats name annotations of unknown images as skipped
  if (a.image.frame >= info->frames)
    return makeError(ErrorCode::kInvalidArgument, a.id + ": on frame " + std::to_string(a.image.frame) + " of " +
                                                      info->id + ", which has " + std::to_string(info->frames) +
                                                      " frame" + (info->frames == 1 ? "" : "s"));
  if (const auto* m = std::get_if<annot::Mask>(&a.shape); m && (m->width != info->columns || m->height != info->rows))
    return makeError(ErrorCode::kInvalidArgument, a.id + ": a " + std::to_string(m->width) + "x" +
                                                      std::to_string(m->height) + " mask on " + info->id + ", which is " +
                                                      std::to_string(info->columns) + "x" + std::to_string(info->rows));
  return okStatus();
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
