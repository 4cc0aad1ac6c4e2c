// Model state of the viewer: what is open and what is loading. Panels read
// it each frame and never keep copies; only App commands change it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "client/core/series/loaded_series.h"

namespace limn::app {

// Files handed to the decoders and how many have come back.
struct LoadProgress {
  std::size_t expected = 0;
  std::size_t received = 0;
  std::size_t failed = 0;
  bool active() const { return received < expected; }
};

struct Document {
  std::vector<series::LoadedSeries> series;
  std::vector<std::string> seriesFirstFile;  // name of each series' first file
  std::size_t active = 0;                    // index into series
  std::uint64_t generation = 0;              // bumped by every completed load
  LoadProgress progress;
  std::vector<std::string> loadFailures;     // "file: reason" of the last load
  std::vector<std::string> nonImages;        // "file: what it is": DICOM without an image (reports, plans)
  std::string lastError;                     // shown to the user; never contains PHI
  std::string lastErrorFile;

  const series::LoadedSeries* current() const { return active < series.size() ? &series[active] : nullptr; }
};

}  // namespace limn::app
