// YOLO (Ultralytics layout: data.yaml and labels/<image>.txt, a line per
// object, "class cx cy w h" for boxes or "class x1 y1 x2 y2 ..." for polygons,
// normalised to the image size) export and import (see export_format.h).
#pragma once

#include "client/core/export/export_format.h"

namespace limn::exporting {

ExportResult exportYolo(const annot::AnnotationFile& file, const annot::AnnotationDocument& document);
Result<std::vector<annot::Annotation>> importYolo(const FileSet& files, const annot::AnnotationFile& file);

}  // namespace limn::exporting
