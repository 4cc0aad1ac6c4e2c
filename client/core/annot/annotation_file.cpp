#include "client/core/annot/annotation_file.h"

#include <filesystem>

#include <nlohmann/json.hpp>

#include "client/core/annot/annot_json.h"
#include "shared/io/file_bytes.h"
#include "shared/encoding/json_error.h"
#include "shared/encoding/json_fields.h"

namespace limn::annot {

namespace {

using nlohmann::json;

std::string textOf(const std::vector<std::uint8_t>& bytes) { return std::string(bytes.begin(), bytes.end()); }

}  // namespace

const ImageInfo* AnnotationFile::image(std::string_view id) const {
  for (const ImageInfo& i : images)
    if (i.id == id) return &i;
  return nullptr;
}

Result<AnnotationFile> annotationFileFromJson(std::string_view text, const std::string& baseDir) {
  try {
    const json j = json::parse(text);
    if (j.value("format", "") != "limn-annotations")
      return makeError(ErrorCode::kInvalidArgument, "not a Limn annotation file (\"format\" is not \"limn-annotations\")");
    if (integerAs(j, "version", 0) != 1)
      return makeError(ErrorCode::kInvalidArgument, "annotation file version " + j.value("version", json()).dump() + " is not supported");
    AnnotationFile f;
    if (j.contains("schema")) {
      auto s = labelSchemaFromJson(j.at("schema").dump());
      if (!s) return s.error();
      f.schema = std::move(*s);
    } else {
      f.schemaFile = j.at("schema_file").get<std::string>();
      auto bytes = io::readFileBytes((std::filesystem::path(baseDir) / f.schemaFile).string());
      if (!bytes) return bytes.error();
      auto s = labelSchemaFromJson(textOf(*bytes));
      if (!s) return makeError(ErrorCode::kInvalidArgument, f.schemaFile + ": " + s.error().message);
      f.schema = std::move(*s);
    }
    for (const json& i : j.at("images")) {
      ImageInfo info{i.at("id").get<std::string>(), i.value("file", ""), integerAs<std::uint32_t>(i.at("rows"), "rows"),
                     integerAs<std::uint32_t>(i.at("columns"), "columns"), integerAs(i, "frames", 1u), std::nullopt};
      if (!imageSizeAllowed(info.columns, info.rows) || info.frames < 1 || info.frames > kMaxFrames)
        return makeError(ErrorCode::kInvalidArgument, "image " + info.id + ": " + std::to_string(info.columns) + "x" +
                                                          std::to_string(info.rows) + " pixels in " +
                                                          std::to_string(info.frames) + " frames is not an image Limn opens");
      if (i.contains("pixel_spacing")) info.pixelSpacing = i.at("pixel_spacing").get<std::array<double, 2>>();
      f.images.push_back(std::move(info));
    }
    for (const json& o : j.at("ops")) f.ops.push_back(opFromJsonValue(o));
    return f;
  } catch (const json::exception& e) {
    return makeError(ErrorCode::kInvalidArgument, "malformed annotation file: " + jsonErrorText(e));
  }
}

Result<AnnotationFile> readAnnotationFile(const std::string& path) {
  auto bytes = io::readFileBytes(path);
  if (!bytes) return bytes.error();
  auto f = annotationFileFromJson(textOf(*bytes), std::filesystem::path(path).parent_path().string());
  if (!f) return makeError(f.error().code, path + ": " + f.error().message);
  return f;
}

std::string annotationFileToJson(const AnnotationFile& f) {
  json images = json::array();
  for (const ImageInfo& i : f.images) {
    json ij = {{"id", i.id}, {"file", i.file}, {"rows", i.rows}, {"columns", i.columns}, {"frames", i.frames}};
    if (i.pixelSpacing) ij["pixel_spacing"] = *i.pixelSpacing;
    images.push_back(std::move(ij));
  }
  json ops = json::array();
  for (const Op& op : f.ops) ops.push_back(opToJsonValue(op));
  json j = {{"format", "limn-annotations"}, {"version", 1}, {"images", images}, {"ops", ops}};
  if (!f.schemaFile.empty()) j["schema_file"] = f.schemaFile;
  else j["schema"] = json::parse(labelSchemaToJson(f.schema));
  return j.dump(1);
}

}  // namespace limn::annot
