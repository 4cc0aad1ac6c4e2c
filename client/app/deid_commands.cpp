// App commands of de-identification: settings to the page's workers, their
// per-file reports back, and the person's decisions (save, open, redact).
#include <nlohmann/json.hpp>

#include "client/app/app.h"

namespace limn::app {

deid::DeidConfig App::deidConfig() const {
  deid::DeidConfig c;
  c.profile = m_deid.profile;
  for (std::size_t i = 0; i < deid::kProfileOptionCount; ++i) c.options.set(i, m_deid.options[i]);
  c.minK = static_cast<std::uint32_t>(std::max(1, m_deid.minK));
  c.keyIsEphemeral = m_deid.secret.empty();
  c.burnedIn.releaseReviewed = m_deid.releaseReviewed;
  c.burnedIn.templates = m_deid.templates;
  if (m_deid.redactBox && m_deid.box[2] > 0 && m_deid.box[3] > 0)
    c.burnedIn.boxes.push_back({static_cast<std::uint32_t>(std::max(0, m_deid.box[0])),
                                static_cast<std::uint32_t>(std::max(0, m_deid.box[1])),
                                static_cast<std::uint32_t>(m_deid.box[2]), static_cast<std::uint32_t>(m_deid.box[3])});
  return c;
}

// The settings as web/deid.js hands them to the workers (deid_config_json.h).
// Without a project secret the page makes up one for the run, so UIDs stay
// consistent within it and link to nothing outside it.
std::string App::deidSettingsJson() const {
  const deid::DeidConfig c = deidConfig();
  nlohmann::json options = nlohmann::json::array();
  for (std::size_t i = 0; i < deid::kProfileOptionCount; ++i)
    if (c.options.test(i)) options.push_back(deid::optionName(static_cast<deid::ProfileOption>(i)));
  nlohmann::json boxes = nlohmann::json::array();
  for (const deid::RedactionBox& b : c.burnedIn.boxes) boxes.push_back({b.x, b.y, b.width, b.height});
  nlohmann::json templates = nlohmann::json::array();
  for (const deid::RedactionTemplate& t : c.burnedIn.templates) {
    nlohmann::json tb = nlohmann::json::array();
    for (const deid::RedactionBox& b : t.boxes) tb.push_back({b.x, b.y, b.width, b.height});
    templates.push_back({{"manufacturer", t.manufacturer}, {"model", t.model}, {"rows", t.rows},
                         {"columns", t.columns}, {"boxes", tb}});
  }
  nlohmann::json j = {{"profile", deid::profileName(c.profile)}, {"options", options},
                      {"min_k", c.minK}, {"release_reviewed", c.burnedIn.releaseReviewed}, {"boxes", boxes},
                      {"templates", templates}};
  if (!m_deid.secret.empty()) j["secret"] = m_deid.secret;
  return j.dump();
}

void App::sendDeid(const std::string& requestJson) {
  if (!m_platform.deidRequest) {
    m_deid.status = "de-identification is not available on this platform";
    return;
  }
  m_platform.deidRequest(requestJson.c_str());
}

namespace {

std::string request(const char* op, nlohmann::json body = nlohmann::json::object()) {
  body["op"] = op;
  return body.dump();
}

}  // namespace

void App::deidOpen() {
  if (m_deid.phase == DeidPhase::kClosed) m_deid.phase = DeidPhase::kSetup;
}

void App::deidChooseFolder() {
  if (m_deid.phase == DeidPhase::kRunning) return;
  if (!m_deid.secret.empty() && m_deid.secret.size() < 16) {
    m_deid.status = "the project secret needs at least 16 characters";
    return;
  }
  sendDeid(request("choose_folder", {{"settings", nlohmann::json::parse(deidSettingsJson())}}));
}

void App::deidRerunRefused() {
  if (m_deid.phase != DeidPhase::kReview) return;
  sendDeid(request("rerun", {{"settings", nlohmann::json::parse(deidSettingsJson())}}));
}

void App::deidPreview(const std::string& input) {
  if (m_deid.phase != DeidPhase::kReview) return;
  m_deid.previewInput = input;
  m_view.redaction = {};
  m_view.redaction.tool = true;
  m_view.layout = Layout::kSingle;
  sendDeid(request("preview", {{"input", input}}));
}

void App::deidAddTemplate() {
  const RedactionDraft& draft = m_view.redaction;
  if (!draft.valid) return;
  for (const deid::FileReport& r : m_deid.reports) {
    if (r.input != m_deid.previewInput) continue;
    const deid::RedactionBox box{static_cast<std::uint32_t>(draft.box[0]), static_cast<std::uint32_t>(draft.box[1]),
                                 static_cast<std::uint32_t>(draft.box[2]), static_cast<std::uint32_t>(draft.box[3])};
    for (deid::RedactionTemplate& t : m_deid.templates)
      if (t.manufacturer == r.manufacturer && t.model == r.model && t.rows == r.rows && t.columns == r.columns) {
        t.boxes.push_back(box);
        return;
      }
    m_deid.templates.push_back({r.manufacturer, r.model, r.rows, r.columns, {box}});
    return;
  }
}

void App::deidSave() {
  if (m_deid.phase == DeidPhase::kReview) sendDeid(request("save"));
}

void App::deidOpenInViewer() {
  if (m_deid.phase == DeidPhase::kReview) sendDeid(request("open"));
}

void App::deidDiscard() {
  sendDeid(request("discard"));
  m_deid.reports.clear();
  m_deid.reportIndex.clear();
  m_deid.templates.clear();
  m_deid.previewInput.clear();
  m_deid.total = 0;
  m_deid.saved = false;
  m_deid.status.clear();
  m_deid.phase = DeidPhase::kSetup;
  m_view.redaction = {};
}

void App::deidEvent(const std::string& text) {
  const auto j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_object()) return;
  const std::string event = j.value("event", "");
  if (event == "begin") {
    m_deid.phase = DeidPhase::kRunning;
    m_deid.source = j.value("source", "folder");
    m_deid.total = j.value("files", std::size_t{0});
    m_deid.reports.clear();
    m_deid.reportIndex.clear();
    m_deid.saved = false;
    m_deid.status.clear();
  } else if (event == "rerun") {
    m_deid.phase = DeidPhase::kRunning;
    m_view.redaction.tool = false;
  } else if (event == "file") {
    auto report = deid::fileReportFromJson(j.value("report", nlohmann::json::object()).dump());
    if (!report) return;
    report->output = j.value("output", "");
    // A re-run replaces the file's earlier report.
    auto [it, added] = m_deid.reportIndex.try_emplace(report->input, m_deid.reports.size());
    if (added) m_deid.reports.push_back(std::move(*report));
    else m_deid.reports[it->second] = std::move(*report);
  } else if (event == "done") {
    m_deid.phase = DeidPhase::kReview;
  } else if (event == "saved") {
    m_deid.saved = true;
    m_deid.status = "saved " + j.value("name", std::string("deidentified.zip"));
  } else if (event == "error") {
    m_deid.status = "error: " + j.value("message", std::string("failed"));
    if (m_deid.phase == DeidPhase::kRunning) m_deid.phase = DeidPhase::kReview;
  }
}

std::string App::deidDatasetReport() const {
  // Released with the files: input paths (which may name the patient) stay here.
  std::vector<deid::FileReport> released = m_deid.reports;
  for (deid::FileReport& r : released) r.input = r.output.empty() ? "(not released)" : r.output;
  return deid::datasetReportJson(released, deidConfig());
}

}  // namespace limn::app
