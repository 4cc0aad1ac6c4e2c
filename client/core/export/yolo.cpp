#include "client/core/export/yolo.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "client/core/export/exact_decimal.h"

namespace limn::exporting {

namespace {

using namespace limn::annot;

// labels/<stem>.txt: Ultralytics pairs it with images/<stem>.png.
std::string labelFile(const ImageInfo& info, std::uint32_t frame) { return "labels/" + imageStem(info, frame) + ".txt"; }

// The reader's side (importYolo): what a normalised value gives back.
double vertexFrom(long double n, long double size) { return static_cast<double>(n * size); }
// The box's near edge from its centre and normalised extent: (c - n/2) * size,
// which is exactly 0 for a box at the edge (c == n/2).
double originFrom(long double centre, long double extent, long double size) {
  return static_cast<double>((centre - extent / 2) * size);
}

// A normalised coordinate that reads back to exactly v.
long double normalised(double v, long double size) {
  return nudgedWide(v / size, [&](long double n) { return vertexFrom(n, size) == v; });
}

// cx cy w h, normalised so that importYolo gives x, y, width, height back.
std::string boxLine(std::size_t cls, const Box& b, long double w, long double h) {
  const long double wn = normalised(b.width, w), hn = normalised(b.height, h);
  const long double cx = nudgedWide(b.x / w + wn / 2, [&](long double c) { return originFrom(c, wn, w) == b.x; });
  const long double cy = nudgedWide(b.y / h + hn / 2, [&](long double c) { return originFrom(c, hn, h) == b.y; });
  return std::to_string(cls) + " " + wideDecimal(cx) + " " + wideDecimal(cy) + " " + wideDecimal(wn) + " " +
         wideDecimal(hn);
}

}  // namespace

ExportResult exportYolo(const AnnotationFile& file, const AnnotationDocument& doc) {
  ExportResult out;
  std::map<std::string, std::size_t> classes;
  // Names as YAML double-quoted scalars (a JSON string is one), so "a: b",
  // "#1", "yes" or "null" stay the label they are.
  const auto quoted = [](const std::string& s) { return nlohmann::json(s).dump(); };
  std::string title = file.schema.name + " " + file.schema.version;
  std::replace_if(title.begin(), title.end(), [](char c) { return c == '\n' || c == '\r'; }, ' ');  // a comment line
  std::string yaml = "# Limn export of " + title + "\npath: .\ntrain: images\nval: images\nnames:\n";
  for (const LabelDefinition& d : file.schema.labels) {
    classes[d.id] = classes.size();
    yaml += "  " + std::to_string(classes[d.id]) + ": " + quoted(d.id) + "\n";
  }
  out.files["data.yaml"] = yaml;
  for (const ImageInfo& info : file.images)
    for (std::uint32_t f = 0; f < info.frames; ++f) out.files[labelFile(info, f)];  // empty: an image without objects
  for (const auto& [key, a] : doc.annotations()) {
    if (skipUnconfirmed(a, out)) continue;
    const ImageInfo* info = file.image(a.image.image);
    auto cls = classes.find(a.label);
    if (!info || cls == classes.end() || info->columns == 0 || info->rows == 0) {
      out.skipped.push_back(a.id + ": its image or label is not in the file");
      continue;
    }
    const long double w = info->columns, h = info->rows;
    std::string line;
    if (const Box* b = std::get_if<Box>(&a.shape)) {
      line = boxLine(cls->second, *b, w, h);
    } else if (const Polygon* p = std::get_if<Polygon>(&a.shape)) {
      // Two vertices would read back as a box (four numbers), one as nothing.
      if (p->vertices.size() < 3) {
        out.skipped.push_back(a.id + ": a polygon of " + std::to_string(p->vertices.size()) + " vertices (YOLO needs three)");
        continue;
      }
      line = std::to_string(cls->second);
      for (const Point& v : p->vertices)
        line += " " + wideDecimal(normalised(v.x, w)) + " " + wideDecimal(normalised(v.y, h));
    } else {
      out.skipped.push_back(a.id + ": YOLO holds boxes and polygons, not a " + std::string(shapeKindName(kindOf(a.shape))));
      continue;
    }
    out.files[labelFile(*info, a.image.frame)] += line + "\n";
    ++out.exported;
  }
  return out;
}

Result<std::vector<Annotation>> importYolo(const FileSet& files, const AnnotationFile& file) {
  std::vector<std::string> names;
  for (const LabelDefinition& d : file.schema.labels) names.push_back(d.id);
  // A label file that matches no image would be lost without a word.
  std::set<std::string> expected;
  for (const ImageInfo& info : file.images)
    for (std::uint32_t f = 0; f < info.frames; ++f) expected.insert(labelFile(info, f));
  for (const auto& [name, contents] : files)
    if (name.starts_with("labels/") && name.ends_with(".txt") && !expected.count(name) && !contents.empty())
      return makeError(ErrorCode::kNotFound, name + ": no image of that name to put its objects on");
  std::vector<Annotation> out;
  for (const ImageInfo& info : file.images)
    for (std::uint32_t f = 0; f < info.frames; ++f) {
      auto it = files.find(labelFile(info, f));
      if (it == files.end()) continue;
      std::istringstream lines(it->second);
      std::string line;
      int n = 0;
      while (std::getline(lines, line)) {
        ++n;
        if (line.empty()) continue;
        std::istringstream in(line);
        std::size_t cls = 0;
        std::vector<long double> v;
        std::string token;
        bool ok = static_cast<bool>(in >> cls);
        while (ok && in >> token) v.push_back(parseWide(token, ok));
        if (!ok || cls >= names.size() || v.size() < 4 || (v.size() != 4 && v.size() % 2))
          return makeError(ErrorCode::kInvalidArgument, it->first + ":" + std::to_string(n) + ": not a YOLO box or polygon line");
        Annotation a;
        a.id = "yolo-" + info.id + "-" + std::to_string(f) + "-" + std::to_string(n);
        a.image = {info.id, f};
        a.label = names[cls];
        a.source = "import:yolo";
        const long double w = info.columns, h = info.rows;
        if (v.size() == 4) {
          const double bw = vertexFrom(v[2], w), bh = vertexFrom(v[3], h);
          a.shape = Box{originFrom(v[0], v[2], w), originFrom(v[1], v[3], h), bw, bh};
        } else {
          Polygon p;
          for (std::size_t i = 0; i < v.size(); i += 2)
            p.vertices.push_back({vertexFrom(v[i], w), vertexFrom(v[i + 1], h)});
          a.shape = p;
        }
        out.push_back(std::move(a));
      }
    }
  return out;
}

}  // namespace limn::exporting
