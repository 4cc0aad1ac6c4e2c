// One annotation as the document holds it after folding the ops: a shape
// with a label on an image (a frame of it), its attributes, where it came
// from and what people said about it.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "client/core/annot/geometry.h"

namespace limn::annot {

// Which image an annotation is on: an id from the annotation file's image
// list (de-identified SOP Instance UID or a file name) and a frame.
struct ImageRef {
  std::string image;
  std::uint32_t frame = 0;
  bool operator==(const ImageRef&) const = default;
};

struct Comment {
  std::string author;
  std::int64_t timeMs = 0;
  std::string text;
  bool operator==(const Comment&) const = default;
};

enum class Level : std::uint8_t { kImage, kSeries, kStudy };  // for classifications

struct Annotation {
  std::string id;
  ImageRef image;
  std::string label;
  Shape shape;
  Level level = Level::kImage;
  std::map<std::string, std::string> attributes;  // the label's form: BI-RADS, benign/malignant
  std::string source = "human";                    // or "model:<name>@<version>"
  double confidence = 1.0;
  std::string author;                              // who created it
  std::string status = "draft";                    // draft, submitted, accepted, returned
  std::string guidelineVersion;                    // in force when it was last changed
  std::vector<Comment> comments;
  bool hidden = false, locked = false;
  bool operator==(const Annotation&) const = default;
};

}  // namespace limn::annot
