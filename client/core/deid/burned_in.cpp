#include "client/core/deid/burned_in.h"

#include <algorithm>
#include <cctype>
#include <string_view>

namespace limn::deid {

namespace {

bool equalsIgnoringCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::toupper(static_cast<unsigned char>(x)) == std::toupper(static_cast<unsigned char>(y));
         });
}

bool startsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

// Modalities whose images routinely carry text or faces in the pixels:
// ultrasound and angiography screens, fluoroscopy, photographs, endoscopy,
// scanned documents, "other".
constexpr std::string_view kRiskyModalities[] = {"US", "XA", "RF", "XC", "ES", "GM", "SM", "OT", "DOC", "ECG"};

// Secondary Capture (1.2.840.10008.5.1.4.1.1.7 and its multi-frame forms)
// and the Visible Light family (photographs, endoscopy, microscopy).
constexpr std::string_view kRiskySopPrefixes[] = {"1.2.840.10008.5.1.4.1.1.7", "1.2.840.10008.5.1.4.1.1.77.1",
                                                  "1.2.840.10008.5.1.4.1.1.104"};

}  // namespace

BurnedInRisk assessBurnedIn(const BurnedInFacts& f) {
  if (!f.hasPixelData) return {};
  if (!f.burnedInAnnotation.empty() && f.burnedInAnnotation != "NO")
    return {true, "BurnedInAnnotation is " + f.burnedInAnnotation};
  // A face reconstructable from the pixels (a head CT or MR, a photograph)
  // is the 18th Safe Harbor class: no tag edit removes it.
  if (f.recognizableVisualFeatures == "YES") return {true, "RecognizableVisualFeatures is YES"};
  for (std::string_view m : kRiskyModalities)
    if (f.modality == m) return {true, "modality " + f.modality};
  for (std::string_view p : kRiskySopPrefixes)
    if (startsWith(f.sopClassUid, p)) return {true, "SOP class " + f.sopClassUid};
  if (!f.conversionType.empty()) return {true, "secondary capture (ConversionType " + f.conversionType + ")"};
  return {};
}

std::vector<RedactionBox> redactionFor(const BurnedInFacts& f, const BurnedInPolicy& policy) {
  for (const RedactionTemplate& t : policy.templates) {
    if (!t.manufacturer.empty() && !equalsIgnoringCase(t.manufacturer, f.manufacturer)) continue;
    if (!t.model.empty() && !equalsIgnoringCase(t.model, f.model)) continue;
    if (t.rows && t.rows != f.rows) continue;
    if (t.columns && t.columns != f.columns) continue;
    return t.boxes;
  }
  return policy.boxes;
}

}  // namespace limn::deid
