// `limn export --annotations FILE --images DIR --format coco|yolo|voc|dicom-seg|nifti --out DIR`
// `limn import --format coco|yolo|voc|dicom-seg|nifti --in PATH --images DIR --schema FILE --out FILE`
//
// Export folds the annotation file's ops and writes the format's files;
// import reads them back as "create" ops into a new annotation file. The
// images folder is checked (export) or listed (import) with GDCM: sizes in
// the annotation file must be the images' sizes.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>

#include "client/cli/command.h"
#include "client/cli/input_files.h"
#include "client/core/annot/annotation_file.h"
#include "client/core/dicom/dicom_decoder.h"
#include "client/core/export/export_format.h"
#include "shared/io/file_bytes.h"
#include "shared/cli/args.h"

namespace limn::cli {

namespace {

namespace fs = std::filesystem;

int fail(const char* command, const std::string& message) {
  std::fprintf(stderr, "limn %s: %s\n", command, message.c_str());
  return kExitFailed;
}

// An image's size and spacing, with its SOP Instance UID beside.
Result<std::pair<annot::ImageInfo, std::string>> imageInfo(const fs::path& path, const std::string& id,
                                                           const std::string& relative) {
  auto img = dicom::decodeDicomFile(path.string(), dicom::DecodePixels::kNo);
  if (!img) return img.error();
  annot::ImageInfo info{id, relative, img->layout.rows, img->layout.columns, img->layout.frames, std::nullopt};
  if (img->display.pixelSpacingRow && img->display.pixelSpacingColumn)
    info.pixelSpacing = std::array<double, 2>{*img->display.pixelSpacingRow, *img->display.pixelSpacingColumn};
  return std::pair{std::move(info), img->instance.sopInstanceUid};
}

// Images the file names by id alone (a task's file from `limn sync pull`,
// whose image id is the one its task was made with) are looked up in `dir`
// by SOP Instance UID, and take that file's name and size. An image whose
// size the file does not say (0x0) takes its file's.
Status findUnnamedImages(annot::AnnotationFile& file, const fs::path& dir) {
  std::map<std::string, annot::ImageInfo> byUid;
  bool listed = false;
  for (annot::ImageInfo& want : file.images) {
    if (!want.file.empty()) continue;
    if (!listed) {
      for (const std::string& p : expandInputs({dir.string()})) {
        std::error_code ec;
        auto found = imageInfo(p, "", fs::relative(p, dir, ec).generic_string());
        if (found && !found->second.empty()) byUid.emplace(found->second, std::move(found->first));
      }
      listed = true;
    }
    const auto it = byUid.find(want.id);
    if (it == byUid.end())
      return makeError(ErrorCode::kNotFound, "image " + want.id + ": the annotation file names no file for it, and no "
                                             "DICOM file in " + dir.string() + " has it as its SOP Instance UID");
    want = {want.id, it->second.file, it->second.rows, it->second.columns, it->second.frames, it->second.pixelSpacing};
  }
  return okStatus();
}

Status checkImages(annot::AnnotationFile& file, const fs::path& dir) {
  if (Status s = findUnnamedImages(file, dir); !s) return s;
  for (annot::ImageInfo& want : file.images) {
    auto found = imageInfo(dir / want.file, want.id, want.file);
    if (!found) return makeError(found.error().code, want.file + ": " + found.error().message);
    const annot::ImageInfo* have = &found->first;
    if (want.rows == 0 && want.columns == 0) want = *have;  // a size not known yet is the image's
    if (have->rows != want.rows || have->columns != want.columns || have->frames != want.frames)
      return makeError(ErrorCode::kInvalidArgument, want.file + ": the image is " + std::to_string(have->columns) + "x" +
                                                        std::to_string(have->rows) + ", the annotation file says " +
                                                        std::to_string(want.columns) + "x" + std::to_string(want.rows));
  }
  return okStatus();
}

// Every file of an export (a folder, or one file), by path relative to it.
exporting::FileSet readTree(const fs::path& root) {
  exporting::FileSet files;
  std::error_code ec;
  const bool folder = fs::is_directory(root, ec);
  for (const std::string& f : expandInputs({root.string()})) {
    auto bytes = io::readFileBytes(f);
    if (!bytes) continue;
    const std::string name = folder ? fs::relative(f, root, ec).generic_string() : fs::path(f).filename().string();
    files[name] = std::string(bytes->begin(), bytes->end());
  }
  return files;
}

}  // namespace

int runExport(const std::vector<std::string>& words) {
  auto args = Args::parse(words, {}, {"annotations", "images", "format", "out"});
  if (!args || !args->value("annotations") || !args->value("images") || !args->value("format") || !args->value("out")) {
    std::fprintf(stderr, "usage: limn export --annotations FILE --images DIR --format coco|yolo|voc|dicom-seg|nifti --out DIR\n");
    return kExitUsage;
  }
  auto format = exporting::parseFormat(*args->value("format"));
  if (!format) return fail("export", format.error().message), kExitUsage;
  auto file = annot::readAnnotationFile(*args->value("annotations"));
  if (!file) return fail("export", file.error().message);
  if (Status s = checkImages(*file, *args->value("images")); !s) return fail("export", s.error().message);
  if (Status s = exporting::checkDistinctNames(*file); !s) return fail("export", s.error().message);
  const auto doc = annot::AnnotationDocument::fold(file->ops);
  for (const auto& [id, a] : doc.annotations()) {
    if (Status s = annot::validateAnnotation(file->schema, a); !s) return fail("export", s.error().message);
    if (Status s = exporting::checkOnItsImage(*file, a); !s) return fail("export", s.error().message);
  }
  const exporting::ExportResult r = exporting::exportAnnotations(*format, *file, doc, *args->value("images"));
  for (const auto& [name, contents] : r.files) {
    const std::string path = (fs::path(*args->value("out")) / name).string();
    if (Status s = io::writeFileAtomically(path, {reinterpret_cast<const std::uint8_t*>(contents.data()), contents.size()}); !s)
      return fail("export", s.error().message);
  }
  for (const std::string& why : r.skipped) std::fprintf(stderr, "limn export: skipped %s\n", why.c_str());
  std::printf("{\"format\":\"%s\",\"annotations\":%zu,\"exported\":%zu,\"skipped\":%zu,\"files\":%zu}\n",
              std::string(exporting::formatName(*format)).c_str(), doc.annotations().size(), r.exported, r.skipped.size(),
              r.files.size());
  return kExitOk;
}

int runImport(const std::vector<std::string>& words) {
  auto args = Args::parse(words, {}, {"format", "in", "images", "schema", "out"});
  if (!args || !args->value("format") || !args->value("in") || !args->value("images") || !args->value("schema") ||
      !args->value("out")) {
    std::fprintf(stderr, "usage: limn import --format coco|yolo|voc|dicom-seg|nifti --in PATH --images DIR --schema FILE --out FILE\n");
    return kExitUsage;
  }
  auto format = exporting::parseFormat(*args->value("format"));
  if (!format) return fail("import", format.error().message), kExitUsage;
  annot::AnnotationFile file;
  auto schemaBytes = io::readFileBytes(*args->value("schema"));
  if (!schemaBytes) return fail("import", schemaBytes.error().message);
  auto schema = annot::labelSchemaFromJson(std::string(schemaBytes->begin(), schemaBytes->end()));
  if (!schema) return fail("import", schema.error().message);
  file.schema = std::move(*schema);
  const fs::path images = *args->value("images");
  for (const std::string& p : expandInputs({images.string()})) {
    std::error_code ec;
    const std::string relative = fs::relative(p, images, ec).generic_string();
    auto info = imageInfo(p, fs::path(relative).stem().string(), relative);
    if (info && info->first.rows > 0) file.images.push_back(std::move(info->first));
  }
  auto annotations = exporting::importAnnotations(*format, readTree(*args->value("in")), file, images.string());
  if (!annotations) return fail("import", annotations.error().message);
  annot::Editor editor("import", file.schema.guidelineVersion);
  for (annot::Annotation& a : *annotations) {
    // Pre-annotations: the required attributes are the reviewer's to fill in.
    if (Status s = annot::validateAnnotation(file.schema, a, annot::Completeness::kPreAnnotation); !s)
      return fail("import", s.error().message);
    // Images are matched by name: one found in two folders is ambiguous.
    const auto same = [&](const annot::ImageInfo& i) { return i.id == a.image.image; };
    if (std::count_if(file.images.begin(), file.images.end(), same) > 1) {
      const auto first = std::find_if(file.images.begin(), file.images.end(), same);
      const auto second = std::find_if(std::next(first), file.images.end(), same);
      return fail("import", a.image.image + " names two images in --images, " + first->file + " and " + second->file +
                                ": give a folder that holds one of them");
    }
    if (Status s = exporting::checkOnItsImage(file, a); !s) return fail("import", s.error().message);
    editor.create(std::move(a));
  }
  file.ops = editor.document().ops();
  const std::string json = annot::annotationFileToJson(file);
  if (Status s = io::writeFileAtomically(*args->value("out"), {reinterpret_cast<const std::uint8_t*>(json.data()), json.size()}); !s)
    return fail("import", s.error().message);
  std::printf("{\"format\":\"%s\",\"imported\":%zu,\"images\":%zu}\n", std::string(exporting::formatName(*format)).c_str(),
              annotations->size(), file.images.size());
  return kExitOk;
}

}  // namespace limn::cli
