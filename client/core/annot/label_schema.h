// A project's label schema: what may be drawn, how it looks, what it means
// (definition text and examples from the guideline), how critical it is and
// which attribute form it carries. Versioned with its guideline: every op
// records the guideline version in force.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "client/core/annot/annotation.h"
#include "shared/error/result.h"

namespace limn::annot {

enum class Tier : std::uint8_t { kBasic, kCritical, kRare };

struct LabelAttribute {
  std::string name;                  // e.g. "birads"
  std::string type = "enum";         // enum, bool, text, number
  std::vector<std::string> options;  // enum values
  bool required = false;
};

// A coded concept (DICOM code sequence item): e.g. SCT 10200004 "Liver".
struct CodedConcept {
  std::string scheme;   // coding scheme designator: SCT, DCM, ...
  std::string value;    // code value
  std::string meaning;  // code meaning
  bool empty() const { return value.empty(); }
  bool operator==(const CodedConcept&) const = default;
};

struct LabelDefinition {
  std::string id;          // stable, used in annotations and exports
  std::string name;        // shown to people
  std::string color;       // "#rrggbb"
  std::vector<ShapeKind> shapes;
  std::string definition;  // the category's definition from the guideline
  std::string examples;
  Tier tier = Tier::kBasic;
  double targetAccuracy = 0;  // e.g. 0.95 IoU for critical labels
  std::vector<LabelAttribute> attributes;
  // What the label is, in codes (DICOM SEG segment category and type, CID
  // 7150/7151); empty: generic codes are written.
  CodedConcept category, type;
};

struct LabelSchema {
  std::string name;
  std::string version;           // of the schema
  std::string guidelineVersion;  // of the guideline document
  std::vector<LabelDefinition> labels;

  const LabelDefinition* find(std::string_view id) const;
};

Result<LabelSchema> labelSchemaFromJson(std::string_view json);
std::string labelSchemaToJson(const LabelSchema& schema);

// How far an annotation must be filled in: a pre-annotation (an import, a
// model's proposal) may still lack the required attributes a person adds.
enum class Completeness : std::uint8_t { kComplete, kPreAnnotation };

// Whether `a` fits the schema: known label, allowed shape, attributes from
// its form with valid values, required ones present (when complete).
Status validateAnnotation(const LabelSchema& schema, const Annotation& a,
                          Completeness completeness = Completeness::kComplete);

}  // namespace limn::annot
