// `limn dicom synth --out DIR [--size N] [--slices N] [--spacing X,Y,Z]`:
// writes a synthetic CT phantom series (for benchmarks and demos).
#include <cstdio>
#include <filesystem>
#include <sstream>

#include "client/cli/command.h"
#include "client/core/dicom/synthetic_series.h"
#include "shared/cli/args.h"

namespace limn::cli {

namespace {

bool parsePositive(const std::string& text, std::uint32_t& out) {
  char* end = nullptr;
  const unsigned long v = std::strtoul(text.c_str(), &end, 10);
  if (!end || *end || v == 0 || v > 16384) return false;
  out = static_cast<std::uint32_t>(v);
  return true;
}

bool parseSpacing(const std::string& text, std::array<double, 3>& out) {
  std::istringstream in(text);
  char c1 = 0, c2 = 0;
  if (!(in >> out[0] >> c1 >> out[1] >> c2 >> out[2]) || c1 != ',' || c2 != ',' || !in.eof()) return false;
  return out[0] > 0 && out[1] > 0 && out[2] > 0;
}

}  // namespace

int runDicomSynth(const std::vector<std::string>& words) {
  auto args = Args::parse(words, {}, {"out", "size", "slices", "spacing"});
  dicom::SyntheticSeriesSpec spec;
  bool ok = args.ok() && args->positional().empty() && args->value("out");
  if (ok && args->value("size")) {
    ok = parsePositive(*args->value("size"), spec.columns);
    spec.rows = spec.columns;
  }
  if (ok && args->value("slices")) ok = parsePositive(*args->value("slices"), spec.slices);
  if (ok && args->value("spacing")) ok = parseSpacing(*args->value("spacing"), spec.spacingMm);
  if (!ok) {
    std::fprintf(stderr, "usage: limn dicom synth --out DIR [--size 512] [--slices 300] [--spacing 0.7,0.7,1.25]\n");
    return kExitUsage;
  }
  const std::string dir = *args->value("out");
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  auto written = dicom::writeSyntheticSeries(spec, dir);
  if (!written) {
    std::fprintf(stderr, "limn: %s\n", written.error().message.c_str());
    return kExitFailed;
  }
  std::printf("{\"files\":%zu,\"dir\":\"%s\"}\n", written->size(), dir.c_str());
  return kExitOk;
}

}  // namespace limn::cli
