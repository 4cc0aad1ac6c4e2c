#include <catch2/catch.hpp>

#include "client/core/deid/deid_config_json.h"
#include "client/core/deid/deid_report.h"

using namespace limn::deid;

namespace {

FileReport fileOf(const std::string& patient, QuasiIdentifiers q) {
  FileReport f;
  f.input = patient + ".dcm";
  f.patientPseudonym = patient;
  f.quasi = std::move(q);
  return f;
}

}  // namespace

TEST_CASE("k-anonymity counts patients per combination of quasi-identifiers") {
  std::vector<FileReport> files;
  for (const char* p : {"a", "b", "c"}) files.push_back(fileOf(p, {"40-49", "F", "974", "CT", "2019"}));
  files.push_back(fileOf("a", {"40-49", "F", "974", "CT", "2019"}));  // a second file of a patient
  files.push_back(fileOf("d", {"90+", "M", "000", "MR", "2020"}));
  FileReport refused = fileOf("e", {"0-9", "M", "", "US", "2020"});
  refused.status = FileStatus::kRefused;
  files.push_back(refused);
  const KAnonymity k = kAnonymity(files, 5);
  CHECK(k.patients == 4);
  CHECK(k.groups == 2);
  CHECK(k.k == 1);
  CHECK(k.belowThreshold);
  CHECK_FALSE(kAnonymity(std::span(files).first(4), 3).belowThreshold);
}

TEST_CASE("A file report survives its JSON, and never carries values") {
  FileReport f = fileOf("LIMN-0123", {"40-49", "F", "974", "CT", "2019"});
  f.changes.push_back({"(0010,0010)", "Patient's Name", Action::kEmpty});
  f.changes.push_back({"(0040,0275)[0]/(0040,1001)", "Requested Procedure ID", Action::kRemove});
  f.burnedInRisk = true;
  f.burnedInReason = "modality US";
  f.burnedInDecision = "redacted";
  f.redacted = {{0, 0, 80, 12}};
  f.freeTextMatches = 3;
  f.manufacturer = "ACME";
  f.model = "Sono 1";
  f.rows = 480;
  f.columns = 640;
  const std::string json = fileReportJson(f);
  auto back = fileReportFromJson(json);
  REQUIRE(back.ok());
  CHECK(back->patientPseudonym == "LIMN-0123");
  CHECK(back->quasi.zip3 == "974");
  REQUIRE(back->changes.size() == 2);
  CHECK(back->changes[1].action == Action::kRemove);
  CHECK(back->changes[0].action == Action::kEmpty);
  REQUIRE(back->redacted.size() == 1);
  CHECK(back->redacted[0].width == 80);
  CHECK(back->freeTextMatches == 3);
  CHECK(back->manufacturer == "ACME");
  CHECK(back->model == "Sono 1");
  CHECK(back->rows == 480);
  CHECK(back->columns == 640);
  CHECK_FALSE(fileReportFromJson("{\"input\": 1}").ok());
  CHECK_FALSE(fileReportFromJson("not json").ok());
}

TEST_CASE("Browser settings become a config; bad ones a clear error") {
  auto c = deidConfigFromJson(R"({"profile":"basic","options":["retain-uids","clean-descriptors"],
    "secret":"sixteen bytes at least","boxes":[[0,0,10,10]],"release_reviewed":true,"min_k":3})");
  REQUIRE(c.ok());
  CHECK(c->profile == DeidProfile::kBasic);
  CHECK(c->has(ProfileOption::kRetainUids));
  CHECK(c->has(ProfileOption::kCleanDescriptors));
  CHECK_FALSE(c->has(ProfileOption::kRetainSafePrivate));
  CHECK_FALSE(c->keyIsEphemeral);
  CHECK(c->burnedIn.boxes.size() == 1);
  CHECK(c->burnedIn.releaseReviewed);
  CHECK(c->minK == 3);
  auto same = deidConfigFromJson(R"({"secret":"sixteen bytes at least"})");
  REQUIRE(same.ok());
  CHECK(same->key == c->key);
  CHECK(same->profile == DeidProfile::kSafeHarbor);
  CHECK(deidConfigFromJson("{}")->keyIsEphemeral);
  CHECK_FALSE(deidConfigFromJson(R"({"secret":"short"})").ok());
  CHECK_FALSE(deidConfigFromJson(R"({"options":["retain-everything"]})").ok());
  CHECK_FALSE(deidConfigFromJson(R"({"boxes":[[0,0,0,10]]})").ok());
  CHECK_FALSE(deidConfigFromJson(R"({"profile":7})").ok());
  CHECK_FALSE(deidConfigFromJson("[1,2").ok());
}
