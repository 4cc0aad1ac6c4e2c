#include <catch2/catch.hpp>

#include <set>

#include "client/core/annot/annotation_file.h"
#include "shared/io/file_bytes.h"

using namespace limn;
using namespace limn::annot;

namespace {

const std::string kExamples = std::string(LIMN_TEST_DATA) + "/../examples";

}  // namespace

TEST_CASE("The example schema and annotation file load, and every annotation fits the schema") {
  auto file = readAnnotationFile(kExamples + "/ct_small.annotations.json");
  REQUIRE(file.ok());
  CHECK(file->schema.name == "Liver CT demo");
  CHECK(file->schema.find("lesion")->tier == Tier::kCritical);
  CHECK(file->schema.find("lesion")->targetAccuracy == 0.95);
  REQUIRE(file->images.size() == 1);
  CHECK(file->images[0].rows == 128);
  const auto doc = AnnotationDocument::fold(file->ops);
  std::set<ShapeKind> kinds;
  std::size_t comments = 0;
  for (const auto& [id, a] : doc.annotations()) {
    CHECK(validateAnnotation(file->schema, a).ok());
    kinds.insert(kindOf(a.shape));
    comments += a.comments.size();
  }
  CHECK(kinds.count(ShapeKind::kBox));
  CHECK(kinds.count(ShapeKind::kPolygon));
  CHECK(kinds.count(ShapeKind::kMask));
  CHECK(kinds.count(ShapeKind::kClassification));
  CHECK(comments >= 1);
  // The file writes back to the same ops.
  auto again = annotationFileFromJson(annotationFileToJson(*file), kExamples);
  REQUIRE(again.ok());
  CHECK(AnnotationDocument::fold(again->ops).annotations() == doc.annotations());
}

TEST_CASE("Annotations that break the schema are refused with the reason") {
  auto file = readAnnotationFile(kExamples + "/ct_small.annotations.json");
  REQUIRE(file.ok());
  Annotation a;
  a.id = "x";
  a.label = "liver";
  a.shape = Box{0, 0, 1, 1};
  CHECK(validateAnnotation(file->schema, a).error().message.find("does not allow a box") != std::string::npos);
  a.label = "unknown";
  CHECK_FALSE(validateAnnotation(file->schema, a).ok());
  a.label = "lesion";
  a.attributes = {{"malignancy", "probably"}};
  CHECK_FALSE(validateAnnotation(file->schema, a).ok());
  a.attributes = {{"malignancy", "benign"}};
  CHECK(validateAnnotation(file->schema, a).ok());
  a.label = "contrast_phase";
  a.shape = Classification{};
  a.attributes = {};
  CHECK(validateAnnotation(file->schema, a).error().message.find("required") != std::string::npos);
  CHECK_FALSE(labelSchemaFromJson(R"({"name":"x","version":"1","labels":[{"id":"a","shapes":["blob"]}]})").ok());
  CHECK_FALSE(labelSchemaFromJson(R"({"name":"x","version":"1","labels":[{"id":"a","color":"red","shapes":["box"]}]})").ok());
  CHECK_FALSE(annotationFileFromJson(R"({"format":"other"})", ".").ok());
}

TEST_CASE("Labels may carry coded concepts, kept through JSON; half a code is an error") {
  const char* json = R"({"name": "s", "version": "1", "labels": [
    {"id": "liver", "shapes": ["mask"],
     "category_code": {"scheme": "SCT", "value": "123037004", "meaning": "Anatomical Structure"},
     "type_code": {"scheme": "SCT", "value": "10200004", "meaning": "Liver"}},
    {"id": "other", "shapes": ["mask"]}]})";
  auto schema = labelSchemaFromJson(json);
  REQUIRE(schema);
  CHECK(schema->find("liver")->type == CodedConcept{"SCT", "10200004", "Liver"});
  CHECK(schema->find("other")->category.empty());
  auto again = labelSchemaFromJson(labelSchemaToJson(*schema));
  REQUIRE(again);
  CHECK(again->find("liver")->category == schema->find("liver")->category);
  CHECK(again->find("other")->type.empty());
  auto half = labelSchemaFromJson(R"({"name": "s", "version": "1", "labels": [
    {"id": "x", "shapes": ["mask"], "type_code": {"scheme": "SCT", "value": "10200004"}}]})");
  REQUIRE_FALSE(half);
  CHECK(half.error().message.find("type_code") != std::string::npos);
}
