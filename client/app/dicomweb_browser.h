// The DICOMweb source panel's model: where to search, what came back. The
// queries themselves run in the page (web/dicomweb.js), straight to the
// site's server; App turns panel actions into requests and results into
// this state.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace limn::app {

struct DicomwebStudy {
  std::string studyUid, date, description, patient, patientId, modalities;
  int series = 0;
};

struct DicomwebSeries {
  std::string seriesUid, modality, description;
  int number = 0;
  int instances = 0;
};

struct DicomwebBrowser {
  bool visible = false;
  std::string url = "http://127.0.0.1:8042/dicom-web";
  std::string username;
  std::string password;  // session memory only; never logged or stored
  std::string patientName;
  std::string status;    // last outcome or error, for the user
  bool busy = false;
  std::uint64_t bytesReceived = 0;
  std::vector<DicomwebStudy> studies;
  int selectedStudy = -1;
  std::vector<DicomwebSeries> series;
};

}  // namespace limn::app
