// `limn bench`: performance figures as JSON lines. Natively it also runs the
// wasm build of itself under Node on the same corpus, in the same run, and
// prints the ratio (wasm time / native time).
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "client/cli/input_files.h"
#include "shared/cli/args.h"
#include "client/cli/command.h"
#include "client/core/bench/decode_bench.h"

namespace limn::cli {

namespace {

#ifdef __EMSCRIPTEN__
constexpr const char* kRuntime = "wasm";
#else
constexpr const char* kRuntime = "native";
#endif

nlohmann::json decodeFigure(const bench::DecodeBenchResult& r) {
  return {{"bench", "dicom_decode"},  {"runtime", kRuntime},
          {"files", r.files},          {"decoded", r.decoded},
          {"rejected", r.rejected},    {"passes", r.passes},
          {"input_bytes", r.inputBytes}, {"seconds", r.seconds},
          {"input_mb_per_s", r.inputMBps()}, {"pixel_mb_per_s", r.pixelMBps()}};
}

#ifndef __EMSCRIPTEN__
// The wasm CLI beside a native build made by script/build:
// build/native/client/limn -> build/wasm/client/limn.js
std::string defaultWasmCli() {
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return {};
  return (exe.parent_path() / "../../wasm/client/limn.js").lexically_normal().string();
}

// Runs the wasm CLI's decode bench; returns its JSON line, or null.
nlohmann::json runWasmDecode(const std::string& wasmCli, const std::string& corpus, int passes) {
  std::string cmd = "node --no-experimental-fetch '" + wasmCli + "' bench --self-only --corpus '" + corpus +
                    "' --passes " + std::to_string(passes);
  std::FILE* p = popen(cmd.c_str(), "r");
  if (!p) return nullptr;
  std::string out;
  char buf[4096];
  while (std::fgets(buf, sizeof buf, p)) out += buf;
  if (pclose(p) != 0) return nullptr;
  auto j = nlohmann::json::parse(out, nullptr, false);
  return j.is_discarded() ? nlohmann::json(nullptr) : j;
}
#endif

}  // namespace

int runBench(const std::vector<std::string>& words) {
  auto args = Args::parse(words, {"self-only"}, {"corpus", "passes", "wasm-cli"});
  if (!args) {
    std::fprintf(stderr, "limn bench: %s\n", args.error().message.c_str());
    return kExitUsage;
  }
  const std::string corpus = args->value("corpus").value_or(std::string(LIMN_PYDICOM_DATA) + "/test_files");
  const int passes = std::max(1, std::atoi(args->value("passes").value_or("3").c_str()));
  auto files = expandInputs({corpus});
  if (files.empty()) {
    std::fprintf(stderr, "limn bench: no files under %s\n", corpus.c_str());
    return kExitFailed;
  }
  auto ours = bench::runDecodeBench(files, passes);
  nlohmann::json figure = decodeFigure(ours);
  std::printf("%s\n", figure.dump().c_str());
#ifndef __EMSCRIPTEN__
  if (!args->has("self-only")) {
    const std::string wasmCli = args->value("wasm-cli").value_or(defaultWasmCli());
    if (!std::filesystem::exists(wasmCli)) {
      std::fprintf(stderr, "limn bench: no wasm build at %s; native figures only\n", wasmCli.c_str());
    } else if (auto wasm = runWasmDecode(wasmCli, corpus, passes); !wasm.is_null()) {
      std::printf("%s\n", wasm.dump().c_str());
      double ratio = ours.seconds > 0 ? wasm["seconds"].get<double>() / ours.seconds : 0;
      std::printf("%s\n", nlohmann::json{{"bench", "dicom_decode"}, {"compare", "wasm/native time"},
                                          {"ratio", ratio}}.dump().c_str());
    } else {
      std::fprintf(stderr, "limn bench: the wasm run failed\n");
      return kExitFailed;
    }
  }
#endif
  return kExitOk;
}

}  // namespace limn::cli
