#include <catch2/catch.hpp>

#include "client/core/annot/annotation_filter.h"

using namespace limn::annot;

TEST_CASE("Filters select by label, origin, status, author and text") {
  Annotation human;
  human.label = "lesion";
  human.author = "dr.a";
  human.attributes = {{"birads", "4A"}};
  human.comments = {{"dr.b", 0, "Check the Margin"}};
  Annotation model = human;
  model.source = "model:lesion-seg@1.0";
  model.status = "submitted";
  model.hidden = true;

  AnnotationFilter f;
  CHECK(matches(f, human));
  CHECK(matches(f, model));
  f.source = SourceFilter::kModel;
  CHECK_FALSE(matches(f, human));
  CHECK(matches(f, model));
  f = {};
  f.status = "submitted";
  CHECK_FALSE(matches(f, human));
  f = {};
  f.text = "margin";
  CHECK(matches(f, human));
  f.text = "4a";
  CHECK(matches(f, human));
  f.text = "nodule";
  CHECK_FALSE(matches(f, human));
  f = {};
  f.label = "nodule";
  CHECK_FALSE(matches(f, human));
  f = {};
  f.includeHidden = false;
  CHECK_FALSE(matches(f, model));
  f.author = "dr.b";
  CHECK_FALSE(matches(f, human));
}
