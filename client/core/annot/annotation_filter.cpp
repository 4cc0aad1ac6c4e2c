#include "client/core/annot/annotation_filter.h"

#include <algorithm>
#include <cctype>

namespace limn::annot {

namespace {

bool containsFolded(const std::string& haystack, const std::string& needle) {
  const auto it = std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(), [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
  });
  return it != haystack.end();
}

bool textMatches(const std::string& text, const Annotation& a) {
  if (containsFolded(a.label, text) || containsFolded(a.id, text)) return true;
  for (const auto& [name, value] : a.attributes)
    if (containsFolded(name, text) || containsFolded(value, text)) return true;
  return std::any_of(a.comments.begin(), a.comments.end(),
                     [&](const Comment& c) { return containsFolded(c.text, text); });
}

}  // namespace

bool isModelSource(const Annotation& a) { return a.source.rfind("model:", 0) == 0; }

bool awaitsConfirmation(const Annotation& a) { return a.status == kProposedStatus; }

bool matches(const AnnotationFilter& f, const Annotation& a) {
  if (!f.label.empty() && a.label != f.label) return false;
  if (f.source == SourceFilter::kHuman && isModelSource(a)) return false;
  if (f.source == SourceFilter::kModel && !isModelSource(a)) return false;
  if (!f.status.empty() && a.status != f.status) return false;
  if (!f.author.empty() && a.author != f.author) return false;
  if (!f.includeHidden && a.hidden) return false;
  return f.text.empty() || textMatches(f.text, a);
}

}  // namespace limn::annot
