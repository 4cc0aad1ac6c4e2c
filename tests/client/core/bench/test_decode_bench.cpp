#include <catch2/catch.hpp>

#include "client/core/bench/decode_bench.h"

using namespace limn::bench;

TEST_CASE("the decode bench times every file it decodes") {
  const std::string dir = std::string(LIMN_PYDICOM_DATA) + "/test_files/";
  const std::vector<std::string> files{dir + "CT_small.dcm", dir + "MR_small.dcm"};
  DecodeBenchResult r = runDecodeBench(files, 2, /*warmupSeconds=*/0);
  CHECK(r.decoded == 2);
  REQUIRE(r.fileSeconds.size() == 2);
  CHECK(r.fileSeconds.at(files[0]) > 0);
  CHECK(r.cpuSeconds > 0);
  CHECK(r.warmupPasses == 1);  // the first pass, always made and timed on its own
  CHECK(r.firstPassCpuSeconds > 0);
}

TEST_CASE("the decode bench warms up for the time asked, however many passes that takes") {
  const std::string dir = std::string(LIMN_PYDICOM_DATA) + "/test_files/";
  DecodeBenchResult r = runDecodeBench({dir + "MR_small.dcm"}, 1, /*warmupSeconds=*/0.2);
  CHECK(r.warmupPasses > 1);
  CHECK(r.passes == 1);
}

TEST_CASE("one pathological file does not decide the per-file ratio") {
  DecodeBenchResult native;
  native.fileSeconds = {{"a", 1.0}, {"b", 1.0}, {"c", 1.0}, {"slow", 100.0}};
  const std::map<std::string, double> wasm{{"a", 2.0}, {"b", 2.0}, {"c", 2.0}, {"slow", 1.0}, {"only-wasm", 9.0}};
  CHECK(medianFileRatio(native, wasm) == Approx(2.0));
  CHECK(medianFileRatio(native, {}) == 0);
}
