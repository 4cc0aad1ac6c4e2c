#include "client/core/bench/export_bench.h"

#include <chrono>
#include <cmath>
#include <random>

#include "client/core/export/export_format.h"

namespace limn::bench {

namespace {

annot::AnnotationFile syntheticAnnotations(std::size_t n) {
  annot::AnnotationFile f;
  f.schema.name = "bench";
  f.schema.version = "1";
  f.schema.labels = {{"lesion", "Lesion", "#ff0000", {annot::ShapeKind::kBox, annot::ShapeKind::kPolygon, annot::ShapeKind::kMask}}};
  for (int i = 0; i < 100; ++i) f.images.push_back({"img" + std::to_string(i), "img" + std::to_string(i) + ".dcm", 512, 512, 1, std::nullopt});
  std::mt19937_64 rng(42);
  std::uniform_real_distribution<double> u(0, 1);
  annot::Editor editor("bench", "1");
  for (std::size_t i = 0; i < n; ++i) {
    annot::Annotation a;
    a.id = "a" + std::to_string(i);
    a.image = {"img" + std::to_string(i % 100), 0};
    a.label = "lesion";
    const double cx = 40 + u(rng) * 430, cy = 40 + u(rng) * 430, r = 5 + u(rng) * 30;
    if (i % 10 == 0) {  // a disk mask
      std::vector<std::uint8_t> bits(512 * 512);
      for (int y = 0; y < 512; ++y)
        for (int x = 0; x < 512; ++x) bits[y * 512 + x] = (x + 0.5 - cx) * (x + 0.5 - cx) + (y + 0.5 - cy) * (y + 0.5 - cy) <= r * r;
      a.shape = annot::maskFromBits(512, 512, bits);
    } else if (i % 2) {
      a.shape = annot::Box{cx - r, cy - r, 2 * r, 2 * r};
    } else {
      annot::Polygon p;
      for (int k = 0; k < 20; ++k) p.vertices.push_back({cx + r * std::cos(k * 0.314159), cy + r * std::sin(k * 0.314159)});
      a.shape = p;
    }
    editor.create(std::move(a));
  }
  f.ops = editor.document().ops();
  return f;
}

}  // namespace

std::vector<ExportBenchFigure> runExportBench(std::size_t n) {
  const annot::AnnotationFile file = syntheticAnnotations(n);
  const auto doc = annot::AnnotationDocument::fold(file.ops);
  std::vector<ExportBenchFigure> figures;
  for (exporting::Format f : {exporting::Format::kCoco, exporting::Format::kYolo, exporting::Format::kVoc}) {
    const auto t0 = std::chrono::steady_clock::now();
    const exporting::ExportResult r = exporting::exportAnnotations(f, file, doc);
    ExportBenchFigure fig{std::string(exporting::formatName(f)), n, r.exported, 0,
                          std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count()};
    for (const auto& [name, contents] : r.files) fig.bytes += contents.size();
    figures.push_back(fig);
  }
  return figures;
}

}  // namespace limn::bench
