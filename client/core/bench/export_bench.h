// Export speed: 10,000 annotations (boxes, 20-vertex polygons, masks) on
// 512x512 images written in each format, in memory.
#pragma once

#include <string>
#include <vector>

namespace limn::bench {

struct ExportBenchFigure {
  std::string format;
  std::size_t annotations = 0;
  std::size_t exported = 0;
  std::size_t bytes = 0;
  double seconds = 0;
};

std::vector<ExportBenchFigure> runExportBench(std::size_t annotations = 10000);

}  // namespace limn::bench
