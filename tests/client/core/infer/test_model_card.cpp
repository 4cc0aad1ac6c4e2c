#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "client/core/infer/model_card.h"

using namespace limn;
using namespace limn::infer;

namespace {

std::string readText(const std::string& path) {
  std::ifstream f(path);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

const char* kCard = R"({"format": "limn-model-card/1", "name": "m", "version": "2", "task": "segmentation",
  "file": "m.onnx", "modalities": ["CT"],
  "input": {"name": "x", "layout": "NCHW", "channels": 1, "height": 64, "width": 32,
            "window": {"center": 40, "width": 400}, "normalise": {"mean": 0.5, "std": 0.25}},
  "output": {"name": "y", "decoding": "logits", "threshold": 0.4, "min_area": 3},
  "labels": [{"channel": 0, "label": "lesion"}], "annotation_shape": "polygon"})";

std::string edited(const std::string& from, const std::string& to) {
  std::string s = kCard;
  const auto at = s.find(from);
  REQUIRE(at != std::string::npos);
  return s.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("The bundled model cards parse and say what the models need") {
  const std::string dir = std::string(LIMN_TEST_DATA) + "/../web/models/";
  Result<ModelCard> seg = parseModelCard(readText(dir + "lesion-seg.json"));
  REQUIRE(seg);
  CHECK(seg->task == ModelTask::kSegmentation);
  CHECK(seg->source() == "model:lesion-seg@" + seg->version);
  CHECK(seg->sha256.size() == 64);
  CHECK(seg->window.has_value());
  CHECK(seg->labelOfChannel(0)->label == "lesion");
  Result<ModelCard> click = parseModelCard(readText(dir + "lesion-click.json"));
  REQUIRE(click);
  CHECK(click->task == ModelTask::kInteractiveSegmentation);
  CHECK(click->channels == 4);
  CHECK(click->prompts.boxChannel == 3u);
}

TEST_CASE("A model card's fields are read as written") {
  Result<ModelCard> c = parseModelCard(kCard);
  REQUIRE(c);
  CHECK(c->width == 32);
  CHECK(c->height == 64);
  CHECK(c->mean == 0.5);
  CHECK(c->std == 0.25);
  CHECK(c->threshold == 0.4);
  CHECK(c->minArea == 3);
  CHECK(c->annotationShape == annot::ShapeKind::kPolygon);
  Result<ModelCard> autoWindow = parseModelCard(edited(R"({"center": 40, "width": 400})", R"("auto")"));
  REQUIRE(autoWindow);
  CHECK_FALSE(autoWindow->window.has_value());
  CHECK_FALSE(c->spacingMm);
  CHECK(c->decoding == OutputDecoding::kLogits);
  Result<ModelCard> spaced = parseModelCard(edited(R"("layout": "NCHW")", R"("layout": "NCHW", "spacing_mm": 1.4)"));
  REQUIRE(spaced);
  CHECK(spaced->spacingMm == 1.4);
  Result<ModelCard> softmax = parseModelCard(edited(R"("decoding": "logits")", R"("decoding": "softmax")"));
  REQUIRE(softmax);
  CHECK(softmax->decoding == OutputDecoding::kSoftmax);
}

TEST_CASE("Model cards that would misread pixels or outputs are refused with the reason") {
  const std::pair<std::string, std::string> bad[] = {
      {"limn-model-card/1", "limn-model-card/9"},
      {R"("task": "segmentation")", R"("task": "painting")"},
      {R"("file": "m.onnx")", R"("file": "../../etc/passwd")"},
      {R"("width": 400})", R"("width": 0})"},
      {R"("layout": "NCHW")", R"("layout": "NHWC")"},
      {R"("std": 0.25)", R"("std": 0)"},
      {R"("decoding": "logits")", R"("decoding": "boxes")"},
      {R"("threshold": 0.4)", R"("threshold": 1.5)"},
      {R"("channels": 1)", R"("channels": 3)"},
      {R"([{"channel": 0, "label": "lesion"}])", "[]"},
      {R"("annotation_shape": "polygon")", R"("annotation_shape": "blob")"},
      {R"("height": 64)", R"("height": "64")"},
      {R"("task": "segmentation")", R"("task": "interactive-segmentation")"},
      {R"("layout": "NCHW")", R"("layout": "NCHW", "spacing_mm": 0)"},
      {R"("min_area": 3)", R"("min_area": 3, "nms_iou": 0)"},
      {R"("task": "segmentation")", R"("task": "classification", "tiling": {"tile": 256})"},
      // Sizes whose products overflow 32 bits (a browser's memory) are refused, not wrapped.
      {R"("channels": 1, "height": 64, "width": 32)", R"("channels": 64, "height": 8192, "width": 8192)"},
      {R"("annotation_shape": "polygon")", R"("annotation_shape": "polygon", "tiling": {"tile": 64, "overlap": 2147483649})"},
  };
  for (const auto& [from, to] : bad) {
    Result<ModelCard> c = parseModelCard(edited(from, to));
    INFO(to);
    REQUIRE_FALSE(c);
    CHECK(c.error().code == ErrorCode::kInvalidArgument);
    CHECK(c.error().message.rfind("model card: ", 0) == 0);
  }
  const auto polygonClicks = parseModelCard(edited(R"("task": "segmentation")",
      R"("task": "interactive-segmentation", "prompts": {"positive_channel": 0, "negative_channel": 0})"));
  REQUIRE_FALSE(polygonClicks);
  CHECK(polygonClicks.error().message.find("masks") != std::string::npos);
  CHECK_FALSE(parseModelCard("{"));
  CHECK_FALSE(parseModelCard(""));
  CHECK_FALSE(parseModelCard("[1, 2]"));
}
