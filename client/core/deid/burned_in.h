// Which files may show identifiers in their pixels (burned-in text, faces),
// so that nothing at risk is released without a person's decision.
#pragma once

#include <string>
#include <vector>

#include "client/core/deid/deid_config.h"

namespace limn::deid {

// The attributes the judgement rests on, read from the input.
struct BurnedInFacts {
  std::string burnedInAnnotation;  // (0028,0301): "YES", "NO" or absent
  std::string modality;            // (0008,0060)
  std::string sopClassUid;         // (0008,0016)
  std::string imageType;           // (0008,0008), backslash-separated
  std::string conversionType;      // (0008,0064): secondary captures
  std::string recognizableVisualFeatures;  // (0028,0302): "YES" when a face could be recognised
  std::string manufacturer;        // (0008,0070)
  std::string model;               // (0008,1090)
  std::uint32_t rows = 0, columns = 0;
  bool hasPixelData = false;
};

struct BurnedInRisk {
  bool atRisk = false;
  std::string reason;  // e.g. "modality US", "BurnedInAnnotation YES"
};

BurnedInRisk assessBurnedIn(const BurnedInFacts& facts);

// The boxes the policy gives an at-risk file: its template's, else the
// policy's own boxes; empty when the policy has none for it.
std::vector<RedactionBox> redactionFor(const BurnedInFacts& facts, const BurnedInPolicy& policy);

}  // namespace limn::deid
