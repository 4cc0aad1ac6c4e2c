// `limn bench`: performance figures as JSON lines. Natively it measures DICOM
// decoding on two corpora (pydicom's test files, and a synthetic 512x512 CT
// series written by GDCM), runs the wasm build of itself under Node on the
// same corpora in the same run and prints the ratios (wasm time / native
// time); then the browser figures (web/bench/browser-bench.mjs).
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <unistd.h>

#include "client/cli/input_files.h"
#include "shared/cli/args.h"
#include "client/cli/command.h"
#include "client/core/bench/decode_bench.h"
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
          {"rejected", r.rejected},    {"passes", r.passes},
          {"input_bytes", r.inputBytes}, {"seconds", r.seconds},
          {"input_mb_per_s", r.inputMBps()}, {"pixel_mb_per_s", r.pixelMBps()}};
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

// Runs the wasm CLI's decode bench; returns its JSON line, or null.
nlohmann::json runWasmDecode(const std::string& wasmCli, const std::string& corpus, int passes) {
  auto out = capture("node --no-experimental-fetch '" + wasmCli + "' bench --self-only --corpus '" + corpus +
                     "' --passes " + std::to_string(passes));
  if (!out) return nullptr;
  auto j = nlohmann::json::parse(*out, nullptr, false);
  return j.is_discarded() ? nlohmann::json(nullptr) : j;
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

int runBench(const std::vector<std::string>& words) {
  auto args = Args::parse(words, {"self-only", "no-browser"}, {"corpus", "passes", "wasm-cli"});
  if (!args) {
    std::fprintf(stderr, "limn bench: %s\n", args.error().message.c_str());
    return kExitUsage;
  }
  const int passes = std::max(1, std::atoi(args->value("passes").value_or("3").c_str()));
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
    auto ours = bench::runDecodeBench(files, passes);
    nlohmann::json figure = decodeFigure(ours, label);
    // The wasm run (--self-only) adds each file's time for the native run to compare file by file.
    if (self) figure["file_seconds"] = ours.fileSeconds;
    std::printf("%s\n", figure.dump().c_str());
#ifndef __EMSCRIPTEN__
    if (self) continue;
    if (!std::filesystem::exists(wasmCli)) {
      std::fprintf(stderr, "limn bench: no wasm build at %s; native figures only\n", wasmCli.c_str());
    } else if (auto wasm = runWasmDecode(wasmCli, folder, passes); !wasm.is_null()) {
      wasm["corpus"] = label;
      const auto wasmFiles = wasm.value("file_seconds", std::map<std::string, double>{});
      wasm.erase("file_seconds");
      std::printf("%s\n", wasm.dump().c_str());
      const double ratio = ours.seconds > 0 ? wasm["seconds"].get<double>() / ours.seconds : 0;
      std::printf("%s\n", nlohmann::json{{"bench", "dicom_decode"}, {"corpus", label},
                                          {"compare", "wasm/native time"}, {"ratio", ratio},
                                          {"median_file_ratio", bench::medianFileRatio(ours, wasmFiles)}}
                               .dump().c_str());
    } else {
      std::fprintf(stderr, "limn bench: the wasm run failed\n");
      status = kExitFailed;
    }
#endif
    std::fflush(stdout);
  }
#ifndef __EMSCRIPTEN__
  if (synthetic) std::filesystem::remove_all(*synthetic);
  if (!self && !args->has("no-browser")) {
    const auto script = besideExe("../../../web/bench/browser-bench.mjs");
    if (!std::filesystem::exists(script)) {
      std::fprintf(stderr, "limn bench: no %s; browser figures skipped\n", script.c_str());
    } else if (auto out = capture("node '" + script.string() + "'")) {
      std::printf("%s", out->c_str());
    } else {
      std::fprintf(stderr, "limn bench: the browser run failed\n");
      status = kExitFailed;
    }
  }
#endif
  return status;
}

}  // namespace limn::cli
