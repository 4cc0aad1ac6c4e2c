// DICOM Segmentation (binary SEG IOD, PS3.3 A.51) from mask annotations:
// one SEG instance per annotated source image, one segment per label, one
// frame per mask, referencing the source image (normally a de-identified
// one) and its frame of reference, with per-frame functional groups.
#pragma once

#include "client/core/export/export_format.h"

namespace limn::exporting {

// `imagesDir` holds the source images named in the annotation file.
ExportResult exportDicomSeg(const annot::AnnotationFile& file, const annot::AnnotationDocument& document,
                            const std::string& imagesDir);

// Masks back from SEG files: frames of each segment become mask annotations
// on the source image they derive from (found by SOP Instance UID among the
// annotation file's images in `imagesDir`), labelled by segment label.
Result<std::vector<annot::Annotation>> importDicomSeg(const FileSet& files, const annot::AnnotationFile& file,
                                                      const std::string& imagesDir);

}  // namespace limn::exporting
