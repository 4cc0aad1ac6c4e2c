// YOLO (Ultralytics: labels/<image>.txt with normalised "class cx cy w h" for detection or "class x1 y1 ..." for segmentation, data.yaml) export and import (see export_format.h).
#pragma once

#include "client/core/export/export_format.h"

namespace limn::exporting {

ExportResult exportYolo(const annot::AnnotationFile& file, const annot::AnnotationDocument& document);
Result<std::vector<annot::Annotation>> importYolo(const FileSet& files, const annot::AnnotationFile& file);

}  // namespace limn::exporting
