#include "client/core/deid/deid_report.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include <nlohmann/json.hpp>

#include "shared/encoding/json_error.h"
#include "shared/encoding/json_fields.h"

namespace limn::deid {

namespace {

using nlohmann::json;

json fileJson(const FileReport& f) {
  json changes = json::array();
  for (const AttributeChange& c : f.changes)
    changes.push_back({{"path", c.path}, {"name", c.name}, {"action", actionName(c.action)}});
  json boxes = json::array();
  for (const RedactionBox& b : f.redacted) boxes.push_back({b.x, b.y, b.width, b.height});
  json j = {{"input", f.input}, {"status", fileStatusName(f.status)}};
  if (!f.output.empty()) j["output"] = f.output;
  if (!f.reason.empty()) j["reason"] = f.reason;
  if (f.status == FileStatus::kUnreadable) return j;
  j["burned_in"] = {{"at_risk", f.burnedInRisk}, {"reason", f.burnedInReason},
                    {"decision", f.burnedInDecision}, {"redacted_boxes", boxes},
                    {"device", {{"manufacturer", f.manufacturer}, {"model", f.model},
                                {"rows", f.rows}, {"columns", f.columns}}}};
  if (f.status == FileStatus::kRefused) return j;
  j["attributes_changed"] = changes.size();
  j["patient_pseudonym"] = f.patientPseudonym;
  j["free_text_matches"] = f.freeTextMatches;
  j["quasi_identifiers"] = {{"age_group", f.quasi.ageGroup}, {"sex", f.quasi.sex}, {"zip3", f.quasi.zip3},
                            {"modality", f.quasi.modality}, {"year", f.quasi.year}};
  j["changes"] = std::move(changes);
  return j;
}

}  // namespace

std::string_view fileStatusName(FileStatus s) {
  switch (s) {
    case FileStatus::kDeidentified: return "deidentified";
    case FileStatus::kRefused: return "refused";
    case FileStatus::kUnreadable: return "unreadable";
  }
  return "?";
}

KAnonymity kAnonymity(std::span<const FileReport> files, std::uint32_t minK) {
  using Combination = std::tuple<std::string, std::string, std::string, std::string, std::string>;
  std::map<Combination, std::set<std::string>> patientsPer;
  std::set<std::string> patients;
  for (const FileReport& f : files) {
    if (f.status != FileStatus::kDeidentified) continue;
    const QuasiIdentifiers& q = f.quasi;
    patientsPer[{q.ageGroup, q.sex, q.zip3, q.modality, q.year}].insert(f.patientPseudonym);
    patients.insert(f.patientPseudonym);
  }
  KAnonymity k;
  k.groups = patientsPer.size();
  k.patients = patients.size();
  for (const auto& [combination, members] : patientsPer) k.groupSizes.push_back(members.size());
  std::sort(k.groupSizes.begin(), k.groupSizes.end());
  k.k = k.groupSizes.empty() ? 0 : k.groupSizes.front();
  k.belowThreshold = k.patients > 0 && k.k < minK;
  return k;
}

std::string fileReportJson(const FileReport& file) { return fileJson(file).dump(); }

Result<FileReport> fileReportFromJson(std::string_view text) {
  try {
    const json j = json::parse(text);
    FileReport f;
    f.input = j.at("input").get<std::string>();
    f.output = j.value("output", "");
    f.reason = j.value("reason", "");
    const std::string status = j.at("status").get<std::string>();
    if (status == "deidentified") f.status = FileStatus::kDeidentified;
    else if (status == "refused") f.status = FileStatus::kRefused;
    else if (status == "unreadable") f.status = FileStatus::kUnreadable;
    else return makeError(ErrorCode::kInvalidArgument, "unknown file status '" + status + "'");
    if (j.contains("burned_in")) {
      const json& b = j.at("burned_in");
      f.burnedInRisk = b.value("at_risk", false);
      f.burnedInReason = b.value("reason", "");
      f.burnedInDecision = b.value("decision", "");
      const json device = b.value("device", json::object());
      f.manufacturer = device.value("manufacturer", "");
      f.model = device.value("model", "");
      f.rows = integerAs(device, "rows", 0u);
      f.columns = integerAs(device, "columns", 0u);
      for (const json& box : b.value("redacted_boxes", json::array())) {
        std::uint32_t v[4];
        for (std::size_t i = 0; i < 4; ++i) v[i] = integerAs<std::uint32_t>(box.at(i), "a redacted box's value");
        f.redacted.push_back({v[0], v[1], v[2], v[3]});
      }
    }
    f.freeTextMatches = integerAs(j, "free_text_matches", std::size_t{0});
    f.patientPseudonym = j.value("patient_pseudonym", "");
    if (j.contains("quasi_identifiers")) {
      const json& q = j.at("quasi_identifiers");
      f.quasi = {q.value("age_group", ""), q.value("sex", ""), q.value("zip3", ""), q.value("modality", ""),
                 q.value("year", "")};
    }
    for (const json& c : j.value("changes", json::array())) {
      const std::string name = c.at("action").get<std::string>();
      Action action = Action::kRemove;
      for (int a = 0; a <= static_cast<int>(Action::kZip3); ++a)
        if (actionName(static_cast<Action>(a)) == name) action = static_cast<Action>(a);
      f.changes.push_back({c.at("path").get<std::string>(), c.at("name").get<std::string>(), action});
    }
    return f;
  } catch (const json::exception& e) {
    return makeError(ErrorCode::kInvalidArgument, "malformed file report: " + jsonErrorText(e));
  }
}

std::string datasetReportJson(std::span<const FileReport> files, const DeidConfig& config) {
  std::size_t counts[3] = {0, 0, 0};
  json list = json::array();
  for (const FileReport& f : files) {
    ++counts[static_cast<int>(f.status)];
    list.push_back(fileJson(f));
  }
  json options = json::array();
  const ProfileOptions effective = config.effectiveOptions();
  for (std::size_t i = 0; i < kProfileOptionCount; ++i)
    if (effective.test(i)) options.push_back(optionName(static_cast<ProfileOption>(i)));
  const KAnonymity k = kAnonymity(files, config.minK);
  json kj = {{"k", k.k}, {"groups", k.groups}, {"patients", k.patients}, {"threshold", config.minK},
             {"quasi_identifiers", {"age_group", "sex", "zip3", "modality", "year"}}};
  if (k.belowThreshold)
    kj["warning"] = "k = " + std::to_string(k.k) + " is below the project's threshold of " +
                    std::to_string(config.minK) + ": some patients share their age group, sex, ZIP3, modality "
                    "and year with fewer than " + std::to_string(config.minK) + " others";
  json j = {{"profile", profileName(config.profile)},
            {"options", options},
            {"project_key", config.keyIsEphemeral ? "ephemeral (UIDs not linkable to other runs)" : "project secret"},
            {"files", files.size()},
            {"deidentified", counts[0]},
            {"refused", counts[1]},
            {"unreadable", counts[2]},
            {"k_anonymity", kj},
            {"file_reports", list}};
  return j.dump(1);
}

}  // namespace limn::deid
