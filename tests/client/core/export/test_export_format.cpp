#include <catch2/catch.hpp>

#include <set>

#include <cstdlib>
#include <random>
#include <regex>

#include "client/core/annot/annotation_filter.h"
#include "client/core/export/export_format.h"

using namespace limn;
using namespace limn::annot;
using namespace limn::exporting;

namespace {

AnnotationFile fileWith(std::vector<Annotation> annotations) {
  AnnotationFile f;
  f.schema.name = "test";
  f.schema.version = "1";
  f.schema.labels = {{"lesion", "Lesion", "#ff0000", {ShapeKind::kBox, ShapeKind::kPolygon, ShapeKind::kMask}},
                     {"organ", "Organ", "#00ff00", {ShapeKind::kPolygon}}};
  f.images = {{"img1", "one.dcm", 300, 417, 1, std::nullopt}, {"img2", "two.dcm", 512, 512, 1, std::nullopt}};
  Editor e("tester", "g1");
  for (Annotation& a : annotations) e.create(std::move(a));
  f.ops = e.document().ops();
  return f;
}

std::vector<Annotation> randomAnnotations(int n, bool masks) {
  std::mt19937_64 rng(2026);
  std::uniform_real_distribution<double> u(0, 1);
  std::vector<Annotation> out;
  for (int i = 0; i < n; ++i) {
    Annotation a;
    a.id = "a" + std::to_string(i);
    a.image = {i % 2 ? "img2" : "img1", 0};
    const double w = i % 2 ? 512 : 417, h = i % 2 ? 512 : 300;
    a.label = i % 3 ? "lesion" : "organ";
    if (i % 3 == 1) {
      // Boxes at the image's edge too: x or y exactly 0.
      a.shape = Box{i % 4 == 1 ? 0.0 : u(rng) * w / 2, i % 5 == 1 ? 0.0 : u(rng) * h / 2, u(rng) * w / 2, u(rng) * h / 2};
    } else if (i % 3 == 2 && masks) {
      std::vector<std::uint8_t> bits(std::size_t(w) * std::size_t(h));
      for (auto& b : bits) b = u(rng) < 0.1;
      a.shape = maskFromBits(std::uint32_t(w), std::uint32_t(h), bits);
    } else {
      Polygon p;
      for (int k = 0; k < 20; ++k) p.vertices.push_back({u(rng) * w, u(rng) * h});
      a.shape = p;
    }
    out.push_back(std::move(a));
  }
  return out;
}

std::map<std::string, Shape> shapesById(const std::vector<Annotation>& as) {
  std::map<std::string, Shape> m;
  for (const Annotation& a : as) m[a.id] = a.shape;
  return m;
}

// Same multiset; on failure, what is missing and what is extra.
void checkSame(const std::multiset<std::string>& want, const std::multiset<std::string>& got) {
  std::vector<std::string> missing, extra;
  std::set_difference(want.begin(), want.end(), got.begin(), got.end(), std::back_inserter(missing));
  std::set_difference(got.begin(), got.end(), want.begin(), want.end(), std::back_inserter(extra));
  CAPTURE(missing, extra);
  CHECK(got == want);
}

}  // namespace

TEST_CASE("COCO: export then import gives every box, polygon and mask back exactly") {
  const auto annotations = randomAnnotations(60, true);
  const AnnotationFile file = fileWith(annotations);
  const ExportResult r = exportAnnotations(Format::kCoco, file, AnnotationDocument::fold(file.ops));
  CHECK(r.exported == 60);
  CHECK(r.skipped.empty());
  auto back = importAnnotations(Format::kCoco, r.files, file);
  REQUIRE(back.ok());
  CHECK(shapesById(*back) == shapesById(annotations));
  for (const Annotation& a : *back) CHECK(a.label == (std::stoi(a.id.substr(1)) % 3 ? "lesion" : "organ"));
}

TEST_CASE("YOLO: normalised coordinates still give boxes and polygon vertices back to the last bit") {
  const auto annotations = randomAnnotations(90, false);
  const AnnotationFile file = fileWith(annotations);
  const ExportResult r = exportAnnotations(Format::kYolo, file, AnnotationDocument::fold(file.ops));
  CHECK(r.exported == 90);
  REQUIRE(r.files.count("data.yaml"));
  CHECK(r.files.at("data.yaml").find("  0: \"lesion\"\n  1: \"organ\"\n") != std::string::npos);
  REQUIRE(r.files.count("labels/one.txt"));
  auto back = importAnnotations(Format::kYolo, r.files, file);
  REQUIRE(back.ok());
  REQUIRE(back->size() == 90);
  // YOLO has no ids: compare as multisets of (label, shape) per image.
  std::multiset<std::string> want, got;
  auto describe = [](const Annotation& a) {
    std::string s = a.image.image + "/" + a.label + ":";
    char buf[64];
    auto put = [&](double v) { std::snprintf(buf, sizeof buf, "%a,", v); s += buf; };
    if (const Box* b = std::get_if<Box>(&a.shape)) put(b->x), put(b->y), put(b->width), put(b->height);
    if (const Polygon* p = std::get_if<Polygon>(&a.shape))
      for (const Point& v : p->vertices) put(v.x), put(v.y);
    return s;
  };
  for (const Annotation& a : annotations) want.insert(describe(a));
  for (const Annotation& a : *back) got.insert(describe(a));
  checkSame(want, got);
  CHECK_FALSE(importAnnotations(Format::kYolo, {{"labels/one.txt", "7 0.5 0.5 0.1 0.1\n"}}, file).ok());
  CHECK_FALSE(importAnnotations(Format::kYolo, {{"labels/one.txt", "0 0.5 0.5 0.1\n"}}, file).ok());
}

TEST_CASE("VOC: boxes with corners that give the width and height back exactly") {
  const auto annotations = randomAnnotations(30, true);
  const AnnotationFile file = fileWith(annotations);
  const ExportResult r = exportAnnotations(Format::kVoc, file, AnnotationDocument::fold(file.ops));
  CHECK(r.exported == 30);
  REQUIRE(r.files.count("Annotations/one.xml"));
  const std::string xml = r.files.at("Annotations/one.xml") + r.files.at("Annotations/two.xml");
  std::regex box("<xmin>([^<]+)</xmin>\\s*<ymin>([^<]+)</ymin>\\s*<xmax>([^<]+)</xmax>\\s*<ymax>([^<]+)</ymax>");
  std::multiset<std::string> want, got;
  char buf[160];
  for (const Annotation& a : annotations) {
    const Box b = boundingBox(a.shape);
    std::snprintf(buf, sizeof buf, "%a %a %a %a", b.x, b.y, b.width, b.height);
    want.insert(buf);
  }
  for (auto it = std::sregex_iterator(xml.begin(), xml.end(), box); it != std::sregex_iterator(); ++it) {
    const long double x0 = std::strtold((*it)[1].str().c_str(), nullptr), y0 = std::strtold((*it)[2].str().c_str(), nullptr);
    const long double x1 = std::strtold((*it)[3].str().c_str(), nullptr), y1 = std::strtold((*it)[4].str().c_str(), nullptr);
    std::snprintf(buf, sizeof buf, "%a %a %a %a", double(x0), double(y0), double(x1 - x0), double(y1 - y0));
    got.insert(buf);
  }
  checkSame(want, got);
  CHECK(xml.find("<width>417</width>") != std::string::npos);
}

TEST_CASE("Importers given broken, truncated or random bytes answer with an error, never a crash") {
  const AnnotationFile file = fileWith(randomAnnotations(30, true));
  const AnnotationDocument doc = AnnotationDocument::fold(file.ops);
  std::mt19937_64 rng(7);
  for (Format format : {Format::kCoco, Format::kYolo, Format::kVoc}) {
    const ExportResult good = exportAnnotations(format, file, doc);
    REQUIRE_FALSE(good.files.empty());
    // Every prefix length class of every file, and random bytes in place of each.
    for (const auto& [name, contents] : good.files) {
      for (std::size_t cut : {std::size_t{0}, std::size_t{1}, contents.size() / 3, contents.size() / 2, contents.size() - 1}) {
        FileSet broken = good.files;
        broken[name] = contents.substr(0, cut);
        auto r = importAnnotations(format, broken, file);
        if (!r) CHECK_FALSE(r.error().message.empty());
      }
      FileSet noise = good.files;
      std::string bytes(contents.size(), '\0');
      for (char& c : bytes) c = static_cast<char>(rng());
      noise[name] = bytes;
      auto r = importAnnotations(format, noise, file);
      if (!r) CHECK_FALSE(r.error().message.empty());
      // Flipped bits and bytes swapped for the format's own punctuation:
      // files that still parse, with numbers, names and nesting gone wrong.
      constexpr char kPunctuation[] = "{}[]<>\":,./-0123456789eE \n";
      for (int round = 0; round < 120; ++round) {
        std::string mutated = contents;
        for (int k = 0; k < 1 + static_cast<int>(rng() % 4); ++k) {
          char& c = mutated[rng() % mutated.size()];
          c = round % 2 ? static_cast<char>(c ^ (1 << (rng() % 8))) : kPunctuation[rng() % (sizeof kPunctuation - 1)];
        }
        FileSet broken = good.files;
        broken[name] = mutated;
        CAPTURE(name, round);
        auto m = importAnnotations(format, broken, file);
        if (!m) CHECK_FALSE(m.error().message.empty());
      }
    }
  }
  // VOC: XML errors name the file and the line.
  FileSet xml{{"Annotations/one.xml", "<annotation>\n<size><width>417</width>\n<object>"}};
  auto voc = importAnnotations(Format::kVoc, xml, file);
  REQUIRE_FALSE(voc);
  CHECK(voc.error().message.find("Annotations/one.xml") != std::string::npos);
  CHECK(voc.error().message.find("line") != std::string::npos);
}

TEST_CASE("Sizes no image has are refused with the reason, before anything is allocated for them") {
  const AnnotationFile file = fileWith(randomAnnotations(3, true));
  const std::string coco = R"({"images": [{"id": 1, "file_name": "one.dcm"}], "categories": [{"id": 1, "name": "lesion"}],
    "annotations": [{"id": 7, "image_id": 1, "category_id": 1, "segmentation": {"size": [100000, 100000], "counts": [5]}}]})";
  auto r = importAnnotations(Format::kCoco, {{"annotations.json", coco}}, file);
  REQUIRE_FALSE(r);
  CHECK(r.error().message.find("larger than any image") != std::string::npos);
  // Ids no integer holds (1e300 was converted to int unchecked).
  const std::string floatId = R"({"images": [{"id": 1e300, "file_name": "one.dcm"}], "categories": [], "annotations": []})";
  auto badId = importAnnotations(Format::kCoco, {{"annotations.json", floatId}}, file);
  REQUIRE_FALSE(badId);
  CHECK(badId.error().message.find("an image id must be a whole number") != std::string::npos);
  // An annotation file's image of 4e9 frames, or of more pixels than any image.
  for (const char* image : {R"({"id": "i", "rows": 512, "columns": 512, "frames": 4000000000})",
                            R"({"id": "i", "rows": 70000, "columns": 512})", R"({"id": "i", "rows": 60000, "columns": 60000})"}) {
    const std::string text = std::string(R"({"format": "limn-annotations", "version": 1, "schema": )") +
                             R"({"name": "s", "version": "1", "labels": [{"id": "l", "name": "L", "shapes": ["box"]}]})" +
                             R"(, "images": [)" + image + R"(], "ops": []})";
    auto f = annotationFileFromJson(text, ".");
    INFO(image);
    REQUIRE_FALSE(f);
    CHECK(f.error().message.find("not an image Limn opens") != std::string::npos);
  }
}

TEST_CASE("NIfTI import refuses what is not a whole NIfTI-1 label map, saying why") {
  AnnotationFile none;  // no images: only the header checks run
  std::mt19937_64 rng(11);
  std::string noise(600, '\0');
  for (char& c : noise) c = static_cast<char>(rng());
  for (const std::string& bytes : {std::string(), std::string(100, 'x'), noise}) {
    auto r = importAnnotations(Format::kNifti, {{"x.nii", bytes}}, none);
    REQUIRE_FALSE(r);
    CHECK(r.error().message.find("x.nii") != std::string::npos);
  }
}

TEST_CASE("Every export skips a model's proposals until a person confirms them, and says so") {
  std::vector<Annotation> annotations = randomAnnotations(12, false);
  for (std::size_t i = 0; i < annotations.size(); i += 3) {
    annotations[i].source = "model:lesion-seg@1.0.0";
    annotations[i].confidence = 0.9;
    annotations[i].status = kProposedStatus;
  }
  const AnnotationFile file = fileWith(annotations);
  const AnnotationDocument doc = AnnotationDocument::fold(file.ops);
  for (Format format : {Format::kCoco, Format::kYolo, Format::kVoc}) {
    const ExportResult r = exportAnnotations(format, file, doc);
    INFO(formatName(format));
    std::size_t proposals = 0;
    for (const std::string& why : r.skipped) proposals += why.find("proposal that no one has confirmed") != std::string::npos;
    CHECK(proposals == 4);
    if (format == Format::kCoco) CHECK(r.exported == 8);
    for (const auto& [path, text] : r.files)
      for (std::size_t i = 0; i < annotations.size(); i += 3) CHECK(text.find("\"" + annotations[i].id + "\"") == std::string::npos);
  }
  // Confirmed (status draft), they count.
  Editor e("tester", "g1", file.ops);
  for (std::size_t i = 0; i < annotations.size(); i += 3) e.setStatus(annotations[i].id, "draft", false, false);
  const ExportResult confirmed = exportAnnotations(Format::kCoco, file, e.document());
  CHECK(confirmed.exported == 12);
  for (const std::string& why : confirmed.skipped) CHECK(why.find("proposal") == std::string::npos);
}
