// COCO (cocodataset.org "data format": instances with a bbox and a polygon or
// RLE segmentation) export and import (see export_format.h).
#pragma once

#include "client/core/export/export_format.h"

namespace limn::exporting {

ExportResult exportCoco(const annot::AnnotationFile& file, const annot::AnnotationDocument& document);
Result<std::vector<annot::Annotation>> importCoco(const FileSet& files, const annot::AnnotationFile& file);

}  // namespace limn::exporting
