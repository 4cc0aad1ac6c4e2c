// Pascal VOC (one XML annotation per image, objects with a bndbox) export;
// import needs an XML parser in the build and says so (see export_format.h).
#pragma once

#include "client/core/export/export_format.h"

namespace limn::exporting {

ExportResult exportVoc(const annot::AnnotationFile& file, const annot::AnnotationDocument& document);
Result<std::vector<annot::Annotation>> importVoc(const FileSet& files, const annot::AnnotationFile& file);

}  // namespace limn::exporting
