#include "client/core/export/voc.h"

#include <expat.h>

#include <map>

#include "client/core/export/exact_decimal.h"

namespace limn::exporting {

namespace {

using namespace limn::annot;

std::string escaped(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string xmlFile(const ImageInfo& info, std::uint32_t frame) { return "Annotations/" + imageStem(info, frame) + ".xml"; }

// The far corner, such that a reader subtracting in extended precision gets
// the extent back exactly.
long double farCorner(double origin, double extent) {
  return nudgedWide(static_cast<long double>(origin) + extent, [&](long double c) {
    return static_cast<double>(c - origin) == extent;
  });
}

}  // namespace

ExportResult exportVoc(const AnnotationFile& file, const AnnotationDocument& doc) {
  ExportResult out;
  std::map<std::string, std::string> objects;  // xml file -> <object> elements
  for (const auto& [key, a] : doc.annotations()) {
    if (skipUnconfirmed(a, out)) continue;
    const ImageInfo* info = file.image(a.image.image);
    if (!info || !file.schema.find(a.label)) {
      out.skipped.push_back(a.id + ": its image or label is not in the file");
      continue;
    }
    if (std::holds_alternative<Classification>(a.shape) || std::holds_alternative<Points>(a.shape)) {
      out.skipped.push_back(a.id + ": VOC objects are boxes, not a " + std::string(shapeKindName(kindOf(a.shape))));
      continue;
    }
    // Every other shape as its bounding box (VOC has no polygons); corners
    // in pixel coordinates, exact decimals.
    const Box b = boundingBox(a.shape);
    objects[xmlFile(*info, a.image.frame)] +=
        "  <object>\n    <name>" + escaped(a.label) + "</name>\n    <pose>Unspecified</pose>\n"
        "    <truncated>0</truncated>\n    <difficult>0</difficult>\n    <bndbox>\n"
        "      <xmin>" + wideDecimal(b.x) + "</xmin>\n      <ymin>" + wideDecimal(b.y) + "</ymin>\n"
        "      <xmax>" + wideDecimal(farCorner(b.x, b.width)) + "</xmax>\n"
        "      <ymax>" + wideDecimal(farCorner(b.y, b.height)) + "</ymax>\n    </bndbox>\n  </object>\n";
    ++out.exported;
  }
  for (const ImageInfo& info : file.images)
    for (std::uint32_t f = 0; f < info.frames; ++f) {
      const std::string name = xmlFile(info, f);
      out.files[name] = "<annotation>\n  <folder>images</folder>\n  <filename>" + escaped(info.file.empty() ? info.id : info.file) +
                        "</filename>\n  <source><database>" + escaped(file.schema.name) + "</database></source>\n"
                        "  <size>\n    <width>" + std::to_string(info.columns) + "</width>\n    <height>" +
                        std::to_string(info.rows) + "</height>\n    <depth>1</depth>\n  </size>\n  <segmented>0</segmented>\n" +
                        objects[name] + "</annotation>\n";
    }
  return out;
}

namespace {

// What one VOC file says: its objects' names and corners (as written).
struct VocObject {
  std::string name;
  std::map<std::string, std::string> box;  // xmin, ymin, xmax, ymax
};

struct VocReader {
  std::vector<std::string> path;  // open elements
  std::string text;
  std::vector<VocObject> objects;
  std::string width, height;
  XML_Parser parser = nullptr;
  bool declaresDoctype = false;

  // A VOC file has no document type declaration; one that brings its own
  // could define entities that expand a few kilobytes into gigabytes (the
  // bundled expat predates its guard against that), so it is refused.
  static void doctype(void* self, const XML_Char*, const XML_Char*, const XML_Char*, int) {
    auto* r = static_cast<VocReader*>(self);
    r->declaresDoctype = true;
    XML_StopParser(r->parser, XML_FALSE);
  }

  static void start(void* self, const char* name, const char**) {
    auto* r = static_cast<VocReader*>(self);
    r->path.emplace_back(name);
    r->text.clear();
    if (r->path.size() == 2 && r->path[1] == "object") r->objects.emplace_back();
  }
  static void end(void* self, const char*) {
    auto* r = static_cast<VocReader*>(self);
    const auto& p = r->path;
    if (p.size() == 3 && p[1] == "object" && p[2] == "name") r->objects.back().name = r->text;
    if (p.size() == 4 && p[1] == "object" && p[2] == "bndbox") r->objects.back().box[p[3]] = r->text;
    if (p.size() == 3 && p[1] == "size" && p[2] == "width") r->width = r->text;
    if (p.size() == 3 && p[1] == "size" && p[2] == "height") r->height = r->text;
    r->path.pop_back();
    r->text.clear();
  }
  static void characters(void* self, const char* s, int len) { static_cast<VocReader*>(self)->text.append(s, len); }
};

Result<VocReader> readVoc(const std::string& name, const std::string& xml) {
  VocReader r;
  XML_Parser parser = XML_ParserCreate("UTF-8");
  if (!parser) return makeError(ErrorCode::kInternal, "cannot create an XML parser");
  r.parser = parser;
  XML_SetUserData(parser, &r);
  XML_SetStartDoctypeDeclHandler(parser, &VocReader::doctype);
  XML_SetElementHandler(parser, &VocReader::start, &VocReader::end);
  XML_SetCharacterDataHandler(parser, &VocReader::characters);
  const bool ok = XML_Parse(parser, xml.data(), static_cast<int>(xml.size()), 1) == XML_STATUS_OK;
  const std::string error =
      ok                  ? ""
      : r.declaresDoctype ? "a document type declaration (<!DOCTYPE>), which a VOC file does not have"
                          : XML_ErrorString(XML_GetErrorCode(parser)) + std::string(" at line ") +
                                std::to_string(XML_GetCurrentLineNumber(parser));
  XML_ParserFree(parser);
  if (!ok) return makeError(ErrorCode::kInvalidArgument, name + ": " + error);
  return r;
}

}  // namespace

Result<std::vector<Annotation>> importVoc(const FileSet& files, const AnnotationFile& file) {
  std::vector<Annotation> out;
  for (const auto& [name, xml] : files) {
    if (name.size() < 4 || name.compare(name.size() - 4, 4, ".xml") != 0) continue;
    // Annotations/<stem>.xml names its image (and frame) as the export did.
    const std::string stem = name.substr(name.rfind('/') + 1, name.size() - 4 - (name.rfind('/') + 1));
    const ImageInfo* image = nullptr;
    std::uint32_t frame = 0;
    for (const ImageInfo& info : file.images)
      for (std::uint32_t f = 0; f < info.frames && !image; ++f)
        if (imageStem(info, f) == stem) {
          image = &info;
          frame = f;
        }
    if (!image) return makeError(ErrorCode::kInvalidArgument, name + ": no image of the annotation file is called " + stem);
    auto voc = readVoc(name, xml);
    if (!voc) return voc.error();
    if (voc->width != std::to_string(image->columns) || voc->height != std::to_string(image->rows))
      return makeError(ErrorCode::kInvalidArgument, name + ": the size differs from the image's");
    for (std::size_t i = 0; i < voc->objects.size(); ++i) {
      const VocObject& o = voc->objects[i];
      if (!file.schema.find(o.name))
        return makeError(ErrorCode::kInvalidArgument, name + ": label '" + o.name + "' is not in the schema");
      long double corner[4] = {};
      const char* keys[4] = {"xmin", "ymin", "xmax", "ymax"};
      for (int k = 0; k < 4; ++k) {
        bool ok = false;
        const auto it = o.box.find(keys[k]);
        if (it != o.box.end()) corner[k] = parseWide(it->second, ok);
        if (!ok) return makeError(ErrorCode::kInvalidArgument, name + ": object " + std::to_string(i + 1) + " has no valid " + keys[k]);
      }
      Annotation a;
      a.id = "voc-" + stem + "-" + std::to_string(i + 1);
      a.image = {image->id, frame};
      a.label = o.name;
      // Extents subtracted in extended precision: the exported doubles exactly.
      const double x = static_cast<double>(corner[0]), y = static_cast<double>(corner[1]);
      a.shape = Box{x, y, static_cast<double>(corner[2] - x), static_cast<double>(corner[3] - y)};
      a.source = "import:voc";
      out.push_back(std::move(a));
    }
  }
  return out;
}

}  // namespace limn::exporting
