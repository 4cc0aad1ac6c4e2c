// `limn bench`: performance figures as JSON lines. Natively it measures DICOM
// decoding and de-identification on two corpora (pydicom's test files, and a
// synthetic 512x512 CT series written by GDCM), runs the wasm build of itself
// under Node on the same corpora in the same run, runs Debian's gdcmanon on
// the same files, and prints the ratios; then the browser figures
// (web/bench: the viewer and tools, the models, live sync).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <unistd.h>

#include "client/cli/input_files.h"
#include "shared/cli/args.h"
#include "client/cli/command.h"
#include "client/core/bench/annot_bench.h"
#include "client/core/bench/decode_bench.h"
#include "client/core/bench/deid_bench.h"
#include "client/core/bench/export_bench.h"
#include "client/core/bench/login_bench.h"
#include "client/core/bench/seal_bench.h"
#include "client/core/bench/segment_bench.h"
#include "client/core/dicom/synthetic_series.h"

namespace limn::cli {

namespace {

#ifdef __EMSCRIPTEN__
constexpr const char* kRuntime = "wasm";
#else
constexpr const char* kRuntime = "native";
#endif

nlohmann::json decodeFigure(const bench::DecodeBenchResult& r, const std::string& corpus) {
  return {{"bench", "dicom_decode"},  {"runtime", kRuntime}, {"corpus", corpus},
          {"files", r.files},          {"decoded", r.decoded},
          {"rejected", r.rejected},    {"passes", r.passes},        {"warmup_passes", r.warmupPasses},
          {"first_pass_cpu_seconds", r.firstPassCpuSeconds},
          {"input_bytes", r.inputBytes}, {"seconds", r.seconds}, {"cpu_seconds", r.cpuSeconds},
          {"input_mb_per_s", r.inputMBps()}, {"pixel_mb_per_s", r.pixelMBps()}};
}

nlohmann::json deidFigure(const bench::DeidBenchResult& r, const std::string& corpus) {
  return {{"bench", "deid"},          {"runtime", kRuntime},
          {"mode", "engine, in memory"}, {"corpus", corpus},
          {"files", r.files},         {"deidentified", r.deidentified},
          {"passes", r.passes},       {"input_bytes", r.inputBytes},
          {"seconds", r.seconds / r.passes}, {"input_mb_per_s", r.inputMBps()}};
}

#ifndef __EMSCRIPTEN__
// Paths relative to a native build made by script/build:
// build/native/client/limn -> build/wasm/client/limn.js, web/bench/...
std::filesystem::path besideExe(const char* relative) {
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return {};
  return (exe.parent_path() / relative).lexically_normal();
}

// Runs a command; returns its standard output, or nothing if it failed.
std::optional<std::string> capture(const std::string& cmd) {
  std::FILE* p = popen(cmd.c_str(), "r");
  if (!p) return std::nullopt;
  std::string out;
  char buf[4096];
  while (std::fgets(buf, sizeof buf, p)) out += buf;
  if (pclose(p) != 0) return std::nullopt;
  return out;
}

// Runs the wasm CLI's own bench; returns its JSON lines by "bench" name.
std::map<std::string, nlohmann::json> runWasmSelf(const std::string& wasmCli, const std::string& corpus, int passes,
                                                  double warmupSeconds) {
  std::map<std::string, nlohmann::json> figures;
  auto out = capture("node --no-experimental-fetch '" + wasmCli + "' bench --self-only --corpus '" + corpus +
                     "' --passes " + std::to_string(passes) + " --warmup " + std::to_string(warmupSeconds));
  if (!out) return figures;
  std::size_t start = 0;
  while (start < out->size()) {
    const std::size_t end = std::min(out->find('\n', start), out->size());
    auto j = nlohmann::json::parse(out->substr(start, end - start), nullptr, false);
    if (j.is_object() && j.contains("bench")) figures[j["bench"].get<std::string>()] = j;
    start = end + 1;
  }
  return figures;
}

double secondsSince(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// Wall time of the fastest of `passes` runs of `cmd` (each into a fresh
// output folder), or a negative value if it failed.
double bestWallSeconds(const std::string& cmd, const std::filesystem::path& out, int passes) {
  double best = -1;
  for (int p = 0; p < passes; ++p) {
    std::filesystem::remove_all(out);
    const auto t0 = std::chrono::steady_clock::now();
    if (std::system((cmd + " >/dev/null 2>&1").c_str()) != 0 && !std::filesystem::exists(out)) return -1;
    const double s = secondsSince(t0);
    best = best < 0 ? s : std::min(best, s);
  }
  std::filesystem::remove_all(out);
  return best;
}

// De-identification from files to files, as processes: ours (native and
// wasm CLI) and Debian's gdcmanon in its two modes, on the same folder.
void printDeidProcesses(const std::string& label, const std::string& folder, std::uint64_t inputBytes, int passes,
                        const std::string& wasmCli, const nlohmann::json& wasmEngine) {
  namespace fs = std::filesystem;
  const fs::path tmp = fs::temp_directory_path() / ("limn-bench-deid-" + std::to_string(::getpid()));
  fs::create_directories(tmp);
  const std::string cert = (tmp / "cert.pem").string(), key = (tmp / "key.pem").string();
  const bool haveCert = std::system(("openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=limn-bench -days 1 -keyout '" +
                                     key + "' -out '" + cert + "' >/dev/null 2>&1").c_str()) == 0;
  const std::string exe = besideExe("limn").string();
  const fs::path out = tmp / "out";
  const std::string in = "'" + folder + "'", o = "'" + out.string() + "'";
  struct Run {
    std::string tool, cmd;
  };
  std::vector<Run> runs = {
      {"limn deid (native)", "'" + exe + "' deid " + in + " --out " + o + " --release-burned-in"},
      {"limn deid (wasm, node)", "node --no-experimental-fetch '" + wasmCli + "' deid " + in + " --out " + o +
                                     " --release-burned-in"},
      // The Patient module's identifiers, as a site would script it.
      {"gdcmanon --dumb", "gdcmanon --dumb --continue -r -i " + in + " -o " + o +
                              " --empty 10,10 --replace 10,20=ANON --remove 10,30 --remove 10,1040 --empty 8,50"
                              " --empty 8,90 --remove 8,80 --remove 8,1010"},
  };
  if (haveCert) runs.push_back({"gdcmanon (basic profile, -e)", "gdcmanon -e -c '" + cert + "' --continue -r -i " + in +
                                                                   " -o " + o});
  double gdcmanonBasic = -1;
  for (const Run& r : runs) {
    const double s = bestWallSeconds(r.cmd, out, passes);
    if (s < 0) {
      std::fprintf(stderr, "limn bench: %s failed on %s\n", r.tool.c_str(), folder.c_str());
      continue;
    }
    if (r.tool.rfind("gdcmanon (basic", 0) == 0) gdcmanonBasic = s;
    std::printf("%s\n", nlohmann::json{{"bench", "deid"}, {"runtime", r.tool}, {"mode", "process, files to files"},
                                       {"corpus", label}, {"input_bytes", inputBytes}, {"seconds", s},
                                       {"input_mb_per_s", inputBytes / 1e6 / s}}
                            .dump().c_str());
  }
  if (gdcmanonBasic > 0 && wasmEngine.is_object())
    std::printf("%s\n", nlohmann::json{{"bench", "deid"}, {"corpus", label},
                                       {"compare", "wasm engine MB/s / gdcmanon (basic) MB/s"},
                                       {"ratio", wasmEngine["input_mb_per_s"].get<double>() / (inputBytes / 1e6 / gdcmanonBasic)}}
                            .dump().c_str());
  fs::remove_all(tmp);
}

// A synthetic CT series in a fresh temporary folder (removed by the caller).
std::optional<std::filesystem::path> writeSyntheticCorpus() {
  auto dir = std::filesystem::temp_directory_path() / ("limn-bench-ct-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  dicom::SyntheticSeriesSpec spec;
  spec.slices = 40;
  if (!dicom::writeSyntheticSeries(spec, dir.string())) return std::nullopt;
  return dir;
}
#endif

}  // namespace

#ifndef __EMSCRIPTEN__
namespace {

// Op envelopes sealed and opened per second: ours (native, and the wasm
// build under Node) beside libsodium-wrappers doing the same construction
// in the same Node, with the wasm / libsodium.js ratios.
void printSealFigures(const std::string& wasmCli) {
  nlohmann::json native = bench::runSealBench();
  native["runtime"] = "native";
  std::printf("%s\n", native.dump().c_str());
  const auto lineOf = [](const std::optional<std::string>& out) {
    return out ? nlohmann::json::parse(*out, nullptr, false) : nlohmann::json();
  };
  const nlohmann::json wasm = lineOf(capture("node --no-experimental-fetch '" + wasmCli + "' bench --seal-only"));
  const auto script = besideExe("../../../web/bench/sodium-bench.mjs");
  const nlohmann::json js = lineOf(capture("node '" + script.string() + "'"));
  if (wasm.is_object()) std::printf("%s\n", wasm.dump().c_str());
  if (js.is_object()) std::printf("%s\n", js.dump().c_str());
  if (!wasm.is_object() || !js.is_object() || wasm["sizes"].size() != js["sizes"].size()) {
    std::fprintf(stderr, "limn bench: the wasm or libsodium-wrappers seal run failed; no ratio\n");
    return;
  }
  nlohmann::json ratios = nlohmann::json::array();
  for (std::size_t i = 0; i < wasm["sizes"].size(); ++i) {
    const auto& w = wasm["sizes"][i];
    const auto& j = js["sizes"][i];
    ratios.push_back({{"bytes", w["bytes"]},
                      {"seal", w["seal_per_s"].get<double>() / j["seal_per_s"].get<double>()},
                      {"open", w["open_per_s"].get<double>() / j["open_per_s"].get<double>()}});
  }
  std::printf("%s\n", nlohmann::json{{"bench", "op_seal_open_compare"},
                                     {"compare", "our wasm ops/s / libsodium-wrappers ops/s (goal >= 1)"},
                                     {"ratios", ratios}}
                          .dump().c_str());
}

}  // namespace
#endif

namespace {

nlohmann::json segmentFigures() {
  nlohmann::json list = nlohmann::json::array();
  for (const bench::AnnotBenchFigure& f : bench::runSegmentBench())
    list.push_back({{"bench", f.name}, {"runtime", kRuntime}, {"detail", f.detail}, {"count", f.count},
                    {"p50_ms", f.p50Ms}, {"p95_ms", f.p95Ms}, {"goal_ms", f.goalMs}});
  return list;
}

#ifndef __EMSCRIPTEN__
// The segmentation tools natively and in the wasm build under Node, with
// the wasm / native ratio of each median.
void printSegmentFigures(const std::string& wasmCli) {
  const nlohmann::json native = segmentFigures();
  for (const auto& f : native) std::printf("%s\n", f.dump().c_str());
  nlohmann::json wasm = nlohmann::json::array();
  if (auto out = capture("node --no-experimental-fetch '" + wasmCli + "' bench --segment-only"))
    for (std::size_t at = 0; at < out->size();) {
      const std::size_t end = std::min(out->find('\n', at), out->size());
      const auto line = nlohmann::json::parse(out->substr(at, end - at), nullptr, false);
      if (line.is_object()) wasm.push_back(line);
      at = end + 1;
    }
  for (const auto& w : wasm) {
    std::printf("%s\n", w.dump().c_str());
    for (const auto& n : native)
      if (n["bench"] == w["bench"] && n["p50_ms"].get<double>() > 0)
        std::printf("%s\n", nlohmann::json{{"bench", w["bench"]}, {"compare", "wasm p50 / native p50"},
                                           {"ratio", w["p50_ms"].get<double>() / n["p50_ms"].get<double>()}}
                                .dump().c_str());
  }
  if (wasm.empty()) std::fprintf(stderr, "limn bench: the wasm segmentation run failed\n");
}

// A browser benchmark of web/bench (each prints its own JSON lines): the
// app and its server in Chromium, the models, live sync between two pages.
bool printScriptFigures(const char* name) {
  const auto script = besideExe("../../../web/bench") / name;
  if (!std::filesystem::exists(script)) {
    std::fprintf(stderr, "limn bench: no %s; its figures skipped\n", script.c_str());
    return true;
  }
  auto out = capture("node '" + script.string() + "'");
  if (out) std::printf("%s", out->c_str());
  else std::fprintf(stderr, "limn bench: %s failed\n", name);
  std::fflush(stdout);
  return out.has_value();
}
#endif

}  // namespace

int runBench(const std::vector<std::string>& words) {
  auto args = Args::parse(words, {"self-only", "no-browser", "seal-only", "segment-only"}, {"corpus", "passes", "warmup", "wasm-cli"});
  auto passCount = args ? args->integer("passes", 3, 1, 1000) : args.error();
  auto warmup = args ? args->number("warmup", 2, 0, 3600) : args.error();
  if (!args || !passCount || !warmup) {
    const Error& e = !args ? args.error() : !passCount ? passCount.error() : warmup.error();
    std::fprintf(stderr, "limn bench: %s\n", e.message.c_str());
    return kExitUsage;
  }
  if (args->has("segment-only")) {
    for (const auto& f : segmentFigures()) std::printf("%s\n", f.dump().c_str());
    return kExitOk;
  }
  if (args->has("seal-only")) {
    nlohmann::json figure = bench::runSealBench();
    figure["runtime"] = kRuntime;
    std::printf("%s\n", figure.dump().c_str());
    return kExitOk;
  }
  const int passes = static_cast<int>(*passCount);
  const double warmupSeconds = *warmup;
  std::vector<std::pair<std::string, std::string>> corpora;  // (label, folder)
  corpora.emplace_back(args->value("corpus") ? "custom" : "pydicom test_files",
                       args->value("corpus").value_or(std::string(LIMN_PYDICOM_DATA) + "/test_files"));
  const bool self = args->has("self-only");
#ifndef __EMSCRIPTEN__
  std::optional<std::filesystem::path> synthetic;
  if (!self && !args->value("corpus")) {
    synthetic = writeSyntheticCorpus();
    if (synthetic) corpora.emplace_back("synthetic CT 512x512x40", synthetic->string());
  }
  const std::string wasmCli = args->value("wasm-cli").value_or(besideExe("../../wasm/client/limn.js").string());
#endif
  int status = kExitOk;
  for (const auto& [label, folder] : corpora) {
    auto files = expandInputs({folder});
    if (files.empty()) {
      std::fprintf(stderr, "limn bench: no files under %s\n", folder.c_str());
      status = kExitFailed;
      continue;
    }
    auto ours = bench::runDecodeBench(files, passes, warmupSeconds);
    nlohmann::json figure = decodeFigure(ours, label);
    // The wasm run (--self-only) adds each file's time for the native run to compare file by file.
    if (self) figure["file_seconds"] = ours.fileSeconds;
    std::printf("%s\n", figure.dump().c_str());
    const auto deidOurs = bench::runDeidBench(files, passes);
    std::printf("%s\n", deidFigure(deidOurs, label).dump().c_str());
#ifndef __EMSCRIPTEN__
    if (self) continue;
    std::map<std::string, nlohmann::json> wasm;
    if (!std::filesystem::exists(wasmCli)) {
      std::fprintf(stderr, "limn bench: no wasm build at %s; native figures only\n", wasmCli.c_str());
    } else if (wasm = runWasmSelf(wasmCli, folder, passes, warmupSeconds); wasm.count("dicom_decode") && wasm.count("deid")) {
      nlohmann::json& decode = wasm["dicom_decode"];
      decode["corpus"] = label;
      const auto wasmFiles = decode.value("file_seconds", std::map<std::string, double>{});
      decode.erase("file_seconds");
      std::printf("%s\n", decode.dump().c_str());
      const auto ratioOf = [&](const char* key, double native) {
        return native > 0 ? decode.value(key, 0.0) / native : 0;
      };
      std::printf("%s\n", nlohmann::json{{"bench", "dicom_decode"}, {"corpus", label},
                                          {"compare", "wasm/native processor time"},
                                          {"ratio", ratioOf("cpu_seconds", ours.cpuSeconds)},
                                          {"wall_ratio", ratioOf("seconds", ours.seconds)},
                                          {"first_pass_ratio", ratioOf("first_pass_cpu_seconds", ours.firstPassCpuSeconds)},
                                          {"median_file_ratio", bench::medianFileRatio(ours, wasmFiles)}}
                               .dump().c_str());
      wasm["deid"]["corpus"] = label;
      std::printf("%s\n", wasm["deid"].dump().c_str());
    } else {
      std::fprintf(stderr, "limn bench: the wasm run failed\n");
      status = kExitFailed;
    }
    printDeidProcesses(label, folder, deidOurs.inputBytes, passes, wasmCli,
                       wasm.count("deid") ? wasm["deid"] : nlohmann::json());
#endif
    std::fflush(stdout);
  }
  if (!self) {
    for (const bench::ExportBenchFigure& f : bench::runExportBench())
      std::printf("%s\n", nlohmann::json{{"bench", "export"}, {"runtime", kRuntime}, {"format", f.format},
                                         {"annotations", f.annotations}, {"exported", f.exported},
                                         {"bytes", f.bytes}, {"seconds", f.seconds}}
                              .dump().c_str());
    std::vector<bench::AnnotBenchFigure> figures = bench::runAnnotBench();
    for (bench::AnnotBenchFigure& f : bench::runLoginBench()) figures.push_back(std::move(f));
    for (const bench::AnnotBenchFigure& f : figures)
      std::printf("%s\n", nlohmann::json{{"bench", f.name},      {"runtime", kRuntime},   {"detail", f.detail},
                                         {"count", f.count},      {"p50_ms", f.p50Ms},     {"p95_ms", f.p95Ms},
                                         {"goal_ms", f.goalMs}}
                              .dump().c_str());
    std::fflush(stdout);
  }
#ifndef __EMSCRIPTEN__
  if (!self) printSealFigures(wasmCli);
  if (!self) printSegmentFigures(wasmCli);
  std::fflush(stdout);
  if (synthetic) std::filesystem::remove_all(*synthetic);
  if (!self && !args->has("no-browser")) {
    for (const char* script : {"browser-bench.mjs", "infer-bench.mjs", "sync-bench.mjs"})
      if (!printScriptFigures(script)) status = kExitFailed;
  }
#endif
  return status;
}

}  // namespace limn::cli
