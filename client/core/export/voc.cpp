#include "client/core/export/voc.h"


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

Result<std::vector<Annotation>> importVoc(const FileSet&, const AnnotationFile&) {
  return makeError(ErrorCode::kUnsupportedEncoding,
                   "Pascal VOC import is not available yet (it needs an XML parser library in the build)");
}

}  // namespace limn::exporting
