// Which annotations the list shows: by label, origin (people or models),
// status, author and free text over label, attributes and comments.
#pragma once

#include <string>

#include "client/core/annot/annotation.h"

namespace limn::annot {

enum class SourceFilter : std::uint8_t { kAny, kHuman, kModel };

struct AnnotationFilter {
  std::string label;   // empty: any
  SourceFilter source = SourceFilter::kAny;
  std::string status;  // empty: any
  std::string author;  // empty: any
  std::string text;    // case-insensitive, in label, attributes, comments; empty: any
  bool includeHidden = true;
  bool operator==(const AnnotationFilter&) const = default;
};

bool isModelSource(const Annotation& a);  // made by a model ("model:<name>@<version>")

// A model's proposal that no person has confirmed or corrected yet: shown,
// but it does not count (exports skip it) until its status changes.
inline constexpr const char* kProposedStatus = "proposed";
bool awaitsConfirmation(const Annotation& a);
bool matches(const AnnotationFilter& f, const Annotation& a);

}  // namespace limn::annot
