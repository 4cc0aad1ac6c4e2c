#include "client/core/export/coco.h"

#include <nlohmann/json.hpp>
#include <set>

#include "client/core/annot/annot_json.h"
#include "client/core/annot/measure.h"
#include "shared/encoding/json_fields.h"

namespace limn::exporting {

namespace {

using nlohmann::json;
using namespace limn::annot;

constexpr const char* kFile = "annotations.json";

// COCO's uncompressed RLE counts run down the columns (column-major).
std::vector<std::uint32_t> columnMajorCounts(const Mask& m) {
  const std::vector<std::uint8_t> bits = maskBits(m);
  std::vector<std::uint32_t> counts;
  std::uint8_t current = 0;
  std::uint32_t run = 0;
  for (std::uint32_t x = 0; x < m.width; ++x)
    for (std::uint32_t y = 0; y < m.height; ++y) {
      const std::uint8_t b = bits[std::size_t{y} * m.width + x];
      if (b != current) {
        counts.push_back(run);
        run = 0;
        current = b;
      }
      ++run;
    }
  counts.push_back(run);
  return counts;
}

Mask maskFromColumnMajor(std::uint32_t width, std::uint32_t height, const std::vector<std::uint32_t>& counts) {
  std::vector<std::uint8_t> bits(std::size_t{width} * height, 0);
  std::size_t pos = 0;
  bool fg = false;
  for (std::uint32_t run : counts) {
    for (std::uint32_t i = 0; i < run && pos < bits.size(); ++i, ++pos)
      if (fg) bits[(pos % height) * width + pos / height] = 1;
    fg = !fg;
  }
  return maskFromBits(width, height, bits);
}

std::string imageKey(const std::string& id, std::uint32_t frame) { return id + "#" + std::to_string(frame); }

}  // namespace

ExportResult exportCoco(const AnnotationFile& file, const AnnotationDocument& doc) {
  ExportResult out;
  json images = json::array(), categories = json::array(), annotations = json::array();
  std::map<std::string, int> imageIds, categoryIds;
  for (const ImageInfo& info : file.images)
    for (std::uint32_t f = 0; f < info.frames; ++f) {
      const int id = static_cast<int>(images.size()) + 1;
      imageIds[imageKey(info.id, f)] = id;
      images.push_back({{"id", id}, {"file_name", info.file.empty() ? info.id : info.file}, {"width", info.columns},
                        {"height", info.rows}, {"limn_image", info.id}, {"frame", f}});
    }
  for (const LabelDefinition& d : file.schema.labels) {
    const int id = static_cast<int>(categories.size()) + 1;
    categoryIds[d.id] = id;
    categories.push_back({{"id", id}, {"name", d.id}, {"supercategory", file.schema.name}, {"limn_name", d.name}});
  }
  for (const auto& [key, a] : doc.annotations()) {
    if (skipUnconfirmed(a, out)) continue;
    auto img = imageIds.find(imageKey(a.image.image, a.image.frame));
    auto cat = categoryIds.find(a.label);
    if (img == imageIds.end() || cat == categoryIds.end()) {
      out.skipped.push_back(a.id + ": its image or label is not in the file");
      continue;
    }
    json j = {{"id", static_cast<int>(annotations.size()) + 1}, {"image_id", img->second}, {"category_id", cat->second},
              {"iscrowd", 0}, {"attributes", a.attributes},
              {"limn", {{"id", a.id}, {"source", a.source}, {"confidence", a.confidence}, {"status", a.status},
                        {"author", a.author}}}};
    const Box b = boundingBox(a.shape);
    j["bbox"] = {b.x, b.y, b.width, b.height};
    if (const Box* box = std::get_if<Box>(&a.shape)) {
      j["segmentation"] = json::array();
      j["area"] = box->width * box->height;
    } else if (const Polygon* p = std::get_if<Polygon>(&a.shape)) {
      json flat = json::array();
      for (const Point& v : p->vertices) flat.push_back(v.x), flat.push_back(v.y);
      j["segmentation"] = json::array({flat});
      j["area"] = polygonArea(p->vertices);
    } else if (const Mask* m = std::get_if<Mask>(&a.shape)) {
      j["segmentation"] = {{"size", {m->height, m->width}}, {"counts", columnMajorCounts(*m)}};
      j["area"] = maskArea(*m);
      j["iscrowd"] = 1;  // COCO's convention for RLE
    } else {
      out.skipped.push_back(a.id + ": COCO instances hold boxes, polygons and masks, not a " +
                            std::string(shapeKindName(kindOf(a.shape))));
      continue;
    }
    annotations.push_back(std::move(j));
    ++out.exported;
  }
  out.files[kFile] = json{{"info", {{"description", "Limn export of " + file.schema.name}, {"version", file.schema.version}}},
                          {"images", images}, {"categories", categories}, {"annotations", annotations}}
                         .dump();
  return out;
}

Result<std::vector<Annotation>> importCoco(const FileSet& files, const AnnotationFile& file) {
  auto it = files.find(kFile);
  if (it == files.end()) return makeError(ErrorCode::kNotFound, std::string("no ") + kFile + " in the COCO export");
  try {
    const json j = json::parse(it->second);
    std::map<std::int64_t, std::pair<std::string, std::uint32_t>> images;  // COCO id -> (image id, frame)
    for (const json& i : j.at("images")) {
      std::string id = i.value("limn_image", "");
      if (id.empty() || !file.image(id))
        for (const ImageInfo& info : file.images)
          if (info.file == i.at("file_name").get<std::string>()) id = info.id;
      if (id.empty() || !file.image(id))
        return makeError(ErrorCode::kNotFound, "COCO image " + i.at("file_name").dump() + " is not in the annotation file");
      images[integerAs<std::int64_t>(i.at("id"), "an image id")] = {id, integerAs(i, "frame", 0u)};
    }
    std::map<std::int64_t, std::string> categories;
    for (const json& c : j.at("categories")) {
      const std::string name = c.at("name").get<std::string>();
      if (!file.schema.find(name))
        return makeError(ErrorCode::kInvalidArgument, "COCO category '" + name + "' is not a label of the schema");
      categories[integerAs<std::int64_t>(c.at("id"), "a category id")] = name;
    }
    std::vector<Annotation> out;
    std::set<std::string> ids;
    for (const json& a : j.at("annotations")) {
      Annotation r;
      const std::string which = "COCO annotation " + a.at("id").dump();
      const auto fail = [&](const std::string& why) { return makeError(ErrorCode::kInvalidArgument, which + ": " + why); };
      const auto image = images.find(integerAs<std::int64_t>(a.at("image_id"), "image_id"));
      if (image == images.end()) return fail("image_id " + a.at("image_id").dump() + " is not among the file's images");
      r.image = {image->second.first, image->second.second};
      const auto category = categories.find(integerAs<std::int64_t>(a.at("category_id"), "category_id"));
      if (category == categories.end())
        return fail("category_id " + a.at("category_id").dump() + " is not among the file's categories");
      r.label = category->second;
      const json limn = a.value("limn", json::object());
      r.id = limn.value("id", "coco-" + a.at("id").dump());
      if (!ids.insert(r.id).second) return fail("a second annotation with the id " + r.id);
      r.source = limn.value("source", "import:coco");
      r.confidence = limn.value("confidence", 1.0);
      r.status = limn.value("status", "draft");
      r.attributes = a.value("attributes", std::map<std::string, std::string>{});
      const json& seg = a.value("segmentation", json::array());
      if (seg.is_object()) {
        const json& size = seg.at("size");
        const auto height = integerAs<std::uint32_t>(size.at(0), "a mask's height"), width = integerAs<std::uint32_t>(size.at(1), "a mask's width");
        if (!imageSizeAllowed(width, height))
          return makeError(ErrorCode::kInvalidArgument, "COCO annotation " + a.at("id").dump() + ": a mask of " +
                                                            std::to_string(width) + "x" + std::to_string(height) +
                                                            " pixels is larger than any image");
        std::uint64_t total = 0;
        for (const json& run : seg.at("counts")) total += integerAs<std::uint32_t>(run, "an RLE count");
        if (total != std::uint64_t{width} * height)
          return fail("its RLE counts cover " + std::to_string(total) + " pixels, its " + std::to_string(width) + "x" +
                      std::to_string(height) + " mask has " + std::to_string(std::uint64_t{width} * height));
        r.shape = maskFromColumnMajor(width, height, seg.at("counts").get<std::vector<std::uint32_t>>());
      } else if (seg.is_array() && !seg.empty()) {
        Polygon p;
        const json& flat = seg.at(0);
        if (seg.size() > 1) return fail("a polygon of " + std::to_string(seg.size()) + " parts (one part per annotation)");
        if (flat.size() % 2 || flat.empty()) return fail("a polygon's list holds x,y pairs, and has " + std::to_string(flat.size()) + " numbers");
        for (std::size_t i = 0; i + 1 < flat.size(); i += 2) p.vertices.push_back({flat[i].get<double>(), flat[i + 1].get<double>()});
        r.shape = p;
      } else {
        const json& b = a.at("bbox");
        r.shape = Box{b.at(0).get<double>(), b.at(1).get<double>(), b.at(2).get<double>(), b.at(3).get<double>()};
      }
      out.push_back(std::move(r));
    }
    return out;
  } catch (const std::exception& e) {  // json errors, and unknown ids (map::at)
    return makeError(ErrorCode::kInvalidArgument, std::string("malformed COCO file: ") + e.what());
  }
}

}  // namespace limn::exporting
