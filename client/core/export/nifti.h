// NIfTI-1 label maps of volumes: one .nii per annotated series that is a
// regular grid, or a single image (voxel value = the label's place in the
// schema, 0 none), with a sidecar JSON naming the values, and the reverse. The affine comes
// from the DICOM geometry (LPS turned into NIfTI's RAS); the layout is
// nifticlib's nifti_1_header (Debian libnifti2-dev).
#pragma once

#include "client/core/export/export_format.h"

namespace limn::exporting {

// `imagesDir` holds the source images: their positions make the volume.
ExportResult exportNifti(const annot::AnnotationFile& file, const annot::AnnotationDocument& document,
                         const std::string& imagesDir);

// Masks back from .nii label maps: one mask per label value and slice, on
// the series of `file` whose grid has the label map's size.
Result<std::vector<annot::Annotation>> importNifti(const FileSet& files, const annot::AnnotationFile& file,
                                                   const std::string& imagesDir);

}  // namespace limn::exporting
