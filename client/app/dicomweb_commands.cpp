// App commands of the DICOMweb source: requests to the page, results back.
#include <nlohmann/json.hpp>

#include "client/app/app.h"
#include "shared/encoding/json_error.h"

namespace limn::app {

void App::sendDicomweb(const std::string& requestJson) {
  if (!m_platform.dicomwebRequest) {
    m_dicomweb.status = "DICOMweb is not available on this platform";
    return;
  }
  m_dicomweb.busy = true;
  m_platform.dicomwebRequest(requestJson.c_str());
}

void App::dicomwebSearch() {
  if (m_dicomweb.busy) return;
  m_dicomweb.studies.clear();
  m_dicomweb.series.clear();
  m_dicomweb.selectedStudy = -1;
  m_dicomweb.status = "searching...";
  nlohmann::json query = nlohmann::json::object();
  if (!m_dicomweb.patientName.empty()) query["patientName"] = m_dicomweb.patientName;
  sendDicomweb(nlohmann::json{{"op", "search_studies"},
                              {"url", m_dicomweb.url},
                              {"username", m_dicomweb.username},
                              {"password", m_dicomweb.password},
                              {"query", query}}
                   .dump());
}

void App::dicomwebSelectStudy(int index) {
  if (m_dicomweb.busy || index < 0 || index >= static_cast<int>(m_dicomweb.studies.size())) return;
  m_dicomweb.selectedStudy = index;
  m_dicomweb.series.clear();
  m_dicomweb.status = "listing series...";
  sendDicomweb(nlohmann::json{{"op", "search_series"}, {"study", m_dicomweb.studies[index].studyUid}}.dump());
}

void App::dicomwebOpenSeries(int index) {
  if (m_dicomweb.busy || m_dicomweb.selectedStudy < 0 || index < 0 ||
      index >= static_cast<int>(m_dicomweb.series.size()))
    return;
  m_dicomweb.status = "retrieving...";
  m_dicomweb.bytesReceived = 0;
  sendDicomweb(nlohmann::json{{"op", "open_series"},
                              {"study", m_dicomweb.studies[m_dicomweb.selectedStudy].studyUid},
                              {"series", m_dicomweb.series[index].seriesUid}}
                   .dump());
}

void App::dicomwebDeidentifyStudy() {
  if (m_dicomweb.busy || m_dicomweb.selectedStudy < 0) return;
  m_dicomweb.status = "retrieving the study to de-identify it here...";
  m_dicomweb.bytesReceived = 0;
  deidOpen();
  sendDicomweb(nlohmann::json{{"op", "deid_study"},
                              {"study", m_dicomweb.studies[m_dicomweb.selectedStudy].studyUid},
                              {"settings", nlohmann::json::parse(deidSettingsJson())}}
                   .dump());
}

void App::dicomwebResult(const std::string& text) {
  const auto j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_object()) return;
  // What the site's PACS answered, passed on by web/dicomweb.js: a field of
  // an unexpected type ends the request with a message, not an exception.
  try {
    showDicomwebResult(j);
  } catch (const nlohmann::json::exception& e) {
    m_dicomweb.busy = false;
    m_dicomweb.status = "error: the PACS answered in an unexpected form (" + jsonErrorText(e) + ")";
  }
}

void App::showDicomwebResult(const nlohmann::json& j) {
  const std::string op = j.value("op", "");
  if (op == "progress") {
    m_dicomweb.bytesReceived = j.value("bytes", std::uint64_t{0});
    return;
  }
  m_dicomweb.busy = false;
  if (!j.value("ok", false)) {
    m_dicomweb.status = "error: " + j.value("error", std::string("request failed"));
    return;
  }
  if (op == "search_studies") {
    for (const auto& s : j.value("studies", nlohmann::json::array()))
      m_dicomweb.studies.push_back({s.value("study", ""), s.value("date", ""), s.value("description", ""),
                                    s.value("patient", ""), s.value("patientId", ""), s.value("modalities", ""),
                                    s.value("series", 0)});
    m_dicomweb.status = std::to_string(m_dicomweb.studies.size()) + " studies";
  } else if (op == "search_series") {
    for (const auto& s : j.value("series", nlohmann::json::array()))
      m_dicomweb.series.push_back({s.value("series", ""), s.value("modality", ""), s.value("description", ""),
                                   s.value("number", 0), s.value("instances", 0)});
    m_dicomweb.status = std::to_string(m_dicomweb.series.size()) + " series";
  } else if (op == "open_series") {
    m_dicomweb.status = "opened " + std::to_string(j.value("files", 0)) + " instances";
  } else if (op == "deid_study") {
    m_dicomweb.status = "de-identified " + std::to_string(j.value("files", 0)) + " instances (see De-identify)";
  }
}

}  // namespace limn::app
