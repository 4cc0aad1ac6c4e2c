#include <catch2/catch.hpp>

#include <gdcmImageReader.h>
#include <gdcmReader.h>
#include <gdcmSequenceOfItems.h>

#include <filesystem>
#include <fstream>
#include <random>
#if defined(__linux__) && !defined(__EMSCRIPTEN__)
#include <sys/resource.h>
#endif
#include <sstream>

#include "client/core/deid/burned_in.h"
#include "client/core/deid/deidentifier.h"
#include "client/core/dicom/dicom_decoder.h"
#include "tests/client/core/pydicom_files.h"

using namespace limn;
using namespace limn::deid;
using namespace limn::test;

namespace {

DeidConfig configWith(DeidProfile profile, const char* secret = "a project secret of enough bytes") {
  DeidConfig c;
  c.profile = profile;
  const std::string s(secret);
  c.key = *projectKeyFromSecret({reinterpret_cast<const std::uint8_t*>(s.data()), s.size()});
  c.keyIsEphemeral = false;
  return c;
}

struct Parsed {
  gdcm::Reader reader;
  std::string text(std::uint16_t g, std::uint16_t e) const {
    const gdcm::DataSet& ds = reader.GetFile().GetDataSet();
    if (!ds.FindDataElement(gdcm::Tag(g, e))) return "<absent>";
    const gdcm::ByteValue* bv = ds.GetDataElement(gdcm::Tag(g, e)).GetByteValue();
    std::string s = bv ? std::string(bv->GetPointer(), bv->GetLength()) : "";
    while (!s.empty() && (s.back() == ' ' || s.back() == '\0')) s.pop_back();
    return s;
  }
};

std::unique_ptr<Parsed> parse(const std::vector<std::uint8_t>& bytes) {
  auto p = std::make_unique<Parsed>();
  std::istringstream in(std::string(bytes.begin(), bytes.end()));
  p->reader.SetStream(in);
  REQUIRE(p->reader.Read());
  return p;
}

std::string pixelDigest(std::span<const std::uint8_t> bytes) {
  auto img = dicom::decodeDicom(bytes);
  REQUIRE(img.ok());
  return std::string(img->pixels.begin(), img->pixels.end());
}

}  // namespace

TEST_CASE("CT_small under Safe Harbor: identity gone, clinical content and pixels kept") {
  const auto input = readAll(kTestFiles + "/CT_small.dcm");
  auto r = deidentifyDicom(input, configWith(DeidProfile::kSafeHarbor));
  REQUIRE(r.ok());
  REQUIRE(r->report.status == FileStatus::kDeidentified);
  const auto out = parse(r->bytes);
  const auto in = parse(input);
  CHECK(in->text(0x0010, 0x0010) == "CompressedSamples^CT1");
  CHECK(out->text(0x0010, 0x0010).empty());
  CHECK(out->text(0x0010, 0x0020).rfind("LIMN-", 0) == 0);
  CHECK(out->text(0x0008, 0x0020) == "20040101");  // year only
  CHECK(out->text(0x0008, 0x0030).empty());
  CHECK(out->text(0x0012, 0x0062) == "YES");
  CHECK(out->text(0x0028, 0x0303) == "MODIFIED");
  CHECK(out->text(0x0008, 0x0060) == "CT");
  CHECK(out->text(0x0018, 0x0050) == in->text(0x0018, 0x0050));  // slice thickness
  CHECK(out->text(0x0008, 0x0070) == in->text(0x0008, 0x0070));  // manufacturer
  CHECK(out->text(0x0008, 0x0018).rfind("2.25.", 0) == 0);
  CHECK(out->text(0x0002, 0x0003) == "<absent>");  // meta lives in the header, checked below
  const gdcm::FileMetaInformation& meta = out->reader.GetFile().GetHeader();
  const gdcm::ByteValue* ms = meta.GetDataElement(gdcm::Tag(0x0002, 0x0003)).GetByteValue();
  std::string msUid(ms->GetPointer(), ms->GetLength());
  while (!msUid.empty() && msUid.back() == '\0') msUid.pop_back();
  CHECK(msUid == out->text(0x0008, 0x0018));
  // No private attribute survives (none of CT_small's is on the safe list).
  for (const gdcm::DataElement& de : out->reader.GetFile().GetDataSet().GetDES())
    CHECK(de.GetTag().IsPublic());
  const gdcm::DataSet& ds = out->reader.GetFile().GetDataSet();
  auto sq = ds.GetDataElement(gdcm::Tag(0x0012, 0x0064)).GetValueAsSQ();
  REQUIRE(sq);
  CHECK(sq->GetNumberOfItems() >= 1);
  CHECK(pixelDigest(r->bytes) == pixelDigest(input));
  CHECK(r->report.quasi.modality == "CT");
  CHECK(r->report.quasi.year == "2004");
}

TEST_CASE("The same project secret gives the same bytes; another secret other UIDs") {
  const auto input = readAll(kTestFiles + "/MR_small.dcm");
  auto a = deidentifyDicom(input, configWith(DeidProfile::kBasic));
  auto b = deidentifyDicom(input, configWith(DeidProfile::kBasic));
  auto c = deidentifyDicom(input, configWith(DeidProfile::kBasic, "another project's secret value"));
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  REQUIRE(c.ok());
  CHECK(a->bytes == b->bytes);
  CHECK(parse(a->bytes)->text(0x0020, 0x000D) != parse(c->bytes)->text(0x0020, 0x000D));
  CHECK(parse(a->bytes)->text(0x0028, 0x0303) == "REMOVED");
}

TEST_CASE("Burned-in risk: refused without a decision, redacted or released with one") {
  const auto input = readAll(kTestFiles + "/ExplVR_BigEnd.dcm");  // US, RGB 80x60
  DeidConfig config = configWith(DeidProfile::kSafeHarbor);
  auto refused = deidentifyDicom(input, config);
  REQUIRE(refused.ok());
  CHECK(refused->report.status == FileStatus::kRefused);
  CHECK(refused->report.burnedInRisk);
  CHECK(refused->bytes.empty());
  CHECK(refused->report.reason.find("modality US") != std::string::npos);

  config.burnedIn.releaseReviewed = true;
  auto released = deidentifyDicom(input, config);
  REQUIRE(released.ok());
  CHECK(released->report.status == FileStatus::kDeidentified);
  CHECK(released->report.burnedInDecision == "released after review");
  CHECK(pixelDigest(released->bytes) == pixelDigest(input));

  config.burnedIn.templates.push_back({"", "", 60, 80, {{0, 0, 80, 10}}});
  auto redacted = deidentifyDicom(input, config);
  REQUIRE(redacted.ok());
  REQUIRE(redacted->report.status == FileStatus::kDeidentified);
  CHECK(redacted->report.burnedInDecision == "redacted");
  REQUIRE(redacted->report.redacted.size() == 1);
  const std::string before = pixelDigest(input), after = pixelDigest(redacted->bytes);
  REQUIRE(before.size() == after.size());
  const std::size_t bandBytes = 80 * 10 * 3;
  CHECK(after.substr(0, bandBytes) == std::string(bandBytes, '\0'));
  CHECK(before.substr(0, bandBytes) != std::string(bandBytes, '\0'));
  CHECK(after.substr(bandBytes) == before.substr(bandBytes));  // only the box changed
  CHECK(parse(redacted->bytes)->text(0x0028, 0x0301) == "NO");
}

TEST_CASE("A face that can be recognised from the pixels is a burned-in risk whatever the modality") {
  BurnedInFacts facts;
  facts.hasPixelData = true;
  facts.modality = "CT";
  CHECK_FALSE(assessBurnedIn(facts).atRisk);
  facts.recognizableVisualFeatures = "YES";  // a head CT that renders a face
  const BurnedInRisk risk = assessBurnedIn(facts);
  CHECK(risk.atRisk);
  CHECK(risk.reason == "RecognizableVisualFeatures is YES");
}

TEST_CASE("Unreadable input is an error, never an output") {
  CHECK_FALSE(deidentifyDicom(readAll(kTestFiles + "/MR_truncated.dcm"), configWith(DeidProfile::kBasic)).ok());
  std::vector<std::uint8_t> noise(4096);
  for (std::size_t i = 0; i < noise.size(); ++i) noise[i] = static_cast<std::uint8_t>(i * 7919 % 251);
  CHECK_FALSE(deidentifyDicom(noise, configWith(DeidProfile::kBasic)).ok());
  CHECK_FALSE(deidentifyDicom({}, configWith(DeidProfile::kBasic)).ok());
}

TEST_CASE("Every pydicom file is de-identified into valid DICOM with the same pixels, or refused clearly") {
  DeidConfig config = configWith(DeidProfile::kSafeHarbor);
  config.burnedIn.releaseReviewed = true;
  std::size_t released = 0, errors = 0;
  std::vector<std::string> corpus = pydicomFilesUnder(kTestFiles);
  for (const std::string& f : pydicomFilesUnder(kCharsetFiles)) corpus.push_back(f);
  for (const std::string& path : corpus) {
    INFO(path);
    const auto input = readAll(path);
    auto r = deidentifyDicom(input, config);
    if (!r) {
      CHECK_FALSE(r.error().message.empty());
      ++errors;
      continue;
    }
    REQUIRE(r->report.status == FileStatus::kDeidentified);
    ++released;
    const auto out = parse(r->bytes);
    CHECK(out->text(0x0012, 0x0062) == "YES");
    CHECK(out->text(0x0010, 0x0010).empty() + (out->text(0x0010, 0x0010) == "<absent>") == 1);
    auto before = dicom::decodeDicom(input);
    if (before && before->hasPixelData) {
      auto after = dicom::decodeDicom(r->bytes);
      REQUIRE(after.ok());
      CHECK(after->pixels == before->pixels);
    }
  }
  CHECK(released >= 110);  // 165 test files and 22 charset files; the rest are not DICOM or broken
  CHECK(errors > 0);
}

// A mutated length field makes GDCM allocate (and zero) up to 4 GB before
// it finds the file too short. A browser tab's heap is bounded, so there
// that fails at once; the native run gets the same bound here.
struct AddressSpaceLimit {
#if defined(__linux__) && !defined(__EMSCRIPTEN__)
  rlimit saved{};
  explicit AddressSpaceLimit(rlim_t bytes) {
    getrlimit(RLIMIT_AS, &saved);
    rlimit limited = saved;
    limited.rlim_cur = std::min<rlim_t>(saved.rlim_max, bytes);
    setrlimit(RLIMIT_AS, &limited);
  }
  ~AddressSpaceLimit() { setrlimit(RLIMIT_AS, &saved); }
#else
  explicit AddressSpaceLimit(unsigned long long) {}
#endif
};

TEST_CASE("Mutated files never crash the engine: an output or an error") {
  const int kMutations = std::getenv("LIMN_MUTATIONS") ? std::atoi(std::getenv("LIMN_MUTATIONS")) : 150;
  const AddressSpaceLimit limit(512ull << 20);
  DeidConfig config = configWith(DeidProfile::kSafeHarbor);
  config.burnedIn.releaseReviewed = true;
  std::mt19937 rng(20261127);
  for (const char* name : {"/CT_small.dcm", "/rtplan.dcm", "/JPEG2000.dcm", "/MR_small_implicit.dcm"}) {
    const auto original = readAll(kTestFiles + name);
    for (int i = 0; i < kMutations; ++i) {
      auto bytes = original;
      const int edits = 1 + static_cast<int>(rng() % 8);
      for (int e = 0; e < edits; ++e) bytes[rng() % bytes.size()] = static_cast<std::uint8_t>(rng());
      if (rng() % 4 == 0) bytes.resize(rng() % bytes.size());
      auto r = deidentifyDicom(bytes, config);
      if (r) CHECK((r->report.status == FileStatus::kDeidentified) == !r->bytes.empty());
      else CHECK_FALSE(r.error().message.empty());
    }
  }
}
