// The de-identification panel's model: the settings a person chose, the run
// in progress, and its per-file reports for review. The work itself runs in
// the page's workers (web/deid.js, wasm); App turns panel actions into
// requests and the page's events into this state.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "client/core/deid/deid_config.h"
#include "client/core/deid/deid_report.h"

namespace limn::app {

enum class DeidPhase : std::uint8_t {
  kClosed,
  kSetup,    // choosing profile, options, secret
  kRunning,  // files going through the workers
  kReview,   // summary shown; nothing saved until the person confirms
};

struct DeidSession {
  DeidPhase phase = DeidPhase::kClosed;
  // Settings.
  deid::DeidProfile profile = deid::DeidProfile::kSafeHarbor;
  std::array<bool, deid::kProfileOptionCount> options{};
  std::string secret;  // session memory only; sent to this tab's workers, nowhere else
  int minK = 5;
  bool releaseReviewed = false;  // a person looked at the refused images
  bool redactBox = false;
  std::array<int, 4> box{0, 0, 0, 0};  // x, y, width, height
  std::vector<deid::RedactionTemplate> templates;  // boxes drawn on an image, per device and size
  std::string previewInput;  // the at-risk file shown in the viewer for drawing
  // The run.
  std::string source;  // "folder", "DICOMweb study"
  std::size_t total = 0;
  std::vector<deid::FileReport> reports;
  std::map<std::string, std::size_t> reportIndex;  // input -> position in reports
  std::string status;  // last outcome, for the person
  bool saved = false;

  std::size_t count(deid::FileStatus s) const {
    std::size_t n = 0;
    for (const deid::FileReport& r : reports) n += r.status == s;
    return n;
  }
};

}  // namespace limn::app
