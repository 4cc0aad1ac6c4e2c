#include <catch2/catch.hpp>

#include <cmath>

#include "client/core/infer/inference.h"
#include "client/core/infer/probability_map.h"

using namespace limn;
using namespace limn::infer;

namespace {

ModelCard mapCard(std::uint32_t side) {
  ModelCard c;
  c.name = "fake";
  c.version = "1";
  c.width = c.height = side;
  c.window = WindowSpec{50, 100};
  c.labels = {{0, "lesion"}};
  c.minArea = 5;
  return c;
}

// A model that says "lesion" where the windowed input is bright: logits
// 20 * (x - 0.5), so the decoded map thresholds the input at value 50.
std::vector<Tensor> run(const InferenceRequest& r, std::uint32_t channel = 0) {
  std::vector<Tensor> out;
  for (const Tensor& in : r.inputs) {
    const std::size_t plane = static_cast<std::size_t>(in.shape[2] * in.shape[3]);
    Tensor t{{1, 1, in.shape[2], in.shape[3]}, std::vector<float>(plane)};
    for (std::size_t i = 0; i < plane; ++i) t.data[i] = 20.f * (in.data[channel * plane + i] - 0.5f);
    out.push_back(std::move(t));
  }
  return out;
}

std::vector<float> discs(std::uint32_t w, std::uint32_t h, const std::vector<std::array<double, 3>>& d) {
  std::vector<float> v(std::size_t{w} * h, 0.f);
  for (std::uint32_t y = 0; y < h; ++y)
    for (std::uint32_t x = 0; x < w; ++x)
      for (const auto& [cx, cy, r] : d)
        if (std::hypot(x + 0.5 - cx, y + 0.5 - cy) <= r) v[std::size_t{y} * w + x] = 100.f;
  return v;
}

}  // namespace

TEST_CASE("Segmentation outputs become one proposal per finding, with its mean probability") {
  const std::vector<float> v = discs(128, 128, {{30, 30, 10}, {90, 80, 15}, {120, 10, 1}});
  const FrameView frame{v, 128, 128, 1, 0, "CT"};
  const ModelCard card = mapCard(128);
  Result<InferenceRequest> req = prepareInference(card, frame);
  REQUIRE(req);
  REQUIRE(req->inputs.size() == 1);
  Result<std::vector<Proposal>> found = decodeInference(card, *req, run(*req));
  REQUIRE(found);
  REQUIRE(found->size() == 2);  // the 1-pixel-radius disc is under min_area
  const annot::Mask& first = std::get<annot::Mask>((*found)[0].shape);
  CHECK(annot::maskArea(first) == Approx(M_PI * 100).epsilon(0.05));
  CHECK((*found)[0].label == "lesion");
  CHECK((*found)[0].confidence > 0.99);
  CHECK(annot::boundingBox((*found)[1].shape).x == Approx(75));
}

TEST_CASE("A downsampling model's map comes back to the image's pixel grid") {
  const std::vector<float> v = discs(256, 256, {{100.3, 120.7, 40}});
  const FrameView frame{v, 256, 256, 1, 0, "CT"};
  ModelCard card = mapCard(128);
  card.annotationShape = annot::ShapeKind::kPolygon;
  Result<InferenceRequest> req = prepareInference(card, frame);
  REQUIRE(req);
  Result<std::vector<Proposal>> found = decodeInference(card, *req, run(*req));
  REQUIRE(found);
  REQUIRE(found->size() == 1);
  const annot::Box box = annot::boundingBox((*found)[0].shape);
  CHECK(box.x == Approx(60.3).margin(1.5));
  CHECK(box.width == Approx(80).margin(2));
}

TEST_CASE("Tiled inference over a large image finds findings across tile seams") {
  const std::vector<float> v = discs(700, 500, {{256, 200, 30}, {650, 450, 20}});
  const FrameView frame{v, 700, 500, 1, 0, "CT"};
  ModelCard card = mapCard(128);
  card.tiling = Tiling{256, 32};
  Result<InferenceRequest> req = prepareInference(card, frame);
  REQUIRE(req);
  CHECK(req->inputs.size() > 4);
  Result<std::vector<Proposal>> found = decodeInference(card, *req, run(*req));
  REQUIRE(found);
  REQUIRE(found->size() == 2);
  CHECK(annot::maskArea(std::get<annot::Mask>((*found)[0].shape)) == Approx(M_PI * 900).epsilon(0.05));
}

TEST_CASE("Interactive inference keeps only the object under the positive click") {
  const std::vector<float> v = discs(200, 200, {{80, 80, 12}, {110, 80, 8}});
  const FrameView frame{v, 200, 200, 1, 0, "CT"};
  ModelCard card = mapCard(64);
  card.task = ModelTask::kInteractiveSegmentation;
  card.channels = 3;
  Prompt p;
  p.positive = {{80.5, 80.5}};
  Result<InferenceRequest> req = prepareInference(card, frame, &p);
  REQUIRE(req);
  CHECK(req->regions[0].width == Approx(75));
  Result<std::vector<Proposal>> found = decodeInference(card, *req, run(*req));
  REQUIRE(found);
  REQUIRE(found->size() == 1);
  const annot::Box box = annot::boundingBox((*found)[0].shape);
  CHECK(box.x + box.width < 100);  // not the neighbour at x 102..118
  CHECK(box.width == Approx(24).margin(2));
  CHECK_FALSE(prepareInference(card, frame, nullptr));
}

TEST_CASE("Outputs of the wrong shape or with NaN are refused") {
  const std::vector<float> v(64 * 64, 0.f);
  const ModelCard card = mapCard(64);
  Result<InferenceRequest> req = prepareInference(card, {v, 64, 64, 1, 0, "CT"});
  REQUIRE(req);
  CHECK_FALSE(decodeInference(card, *req, {}));
  CHECK_FALSE(decodeInference(card, *req, {Tensor{{1, 64, 64}, std::vector<float>(4096)}}));
  Tensor nan{{1, 1, 64, 64}, std::vector<float>(4096, std::nanf(""))};
  Result<std::vector<Proposal>> r = decodeInference(card, *req, {nan});
  REQUIRE_FALSE(r);
  CHECK(r.error().message.find("NaN") != std::string::npos);
}

TEST_CASE("Detection and classification outputs decode with NMS and softmax") {
  const std::vector<float> v(100 * 100, 0.f);
  ModelCard det = mapCard(50);
  det.task = ModelTask::kDetection;
  det.decoding = OutputDecoding::kBoxes;
  Result<InferenceRequest> req = prepareInference(det, {v, 100, 100, 1, 0, "CT"});
  REQUIRE(req);
  Tensor boxes{{1, 3, 6}, {10, 10, 20, 20, 0.9f, 0, 11, 11, 21, 21, 0.8f, 0, 30, 30, 40, 40, 0.3f, 0}};
  Result<std::vector<Proposal>> found = decodeInference(det, *req, {boxes});
  REQUIRE(found);
  REQUIRE(found->size() == 1);  // one suppressed, one under the threshold
  CHECK(std::get<annot::Box>((*found)[0].shape) == annot::Box{20, 20, 20, 20});  // input pixels x2
  ModelCard cls = mapCard(50);
  cls.task = ModelTask::kClassification;
  cls.labels = {{0, "benign"}, {1, "malignant"}};
  Result<std::vector<Proposal>> c = decodeInference(cls, *req, {Tensor{{1, 2}, {0.f, 2.f}}});
  REQUIRE(c);
  REQUIRE(c->size() == 1);
  CHECK((*c)[0].label == "malignant");
  CHECK((*c)[0].confidence == Approx(1 / (1 + std::exp(-2.0))));
}

TEST_CASE("A single class logit is a yes/no finding: sigmoid, not a softmax of one") {
  const std::vector<float> v(100 * 100, 0.f);
  ModelCard cls = mapCard(50);
  cls.task = ModelTask::kClassification;
  cls.labels = {{0, "nodule"}};
  Result<InferenceRequest> req = prepareInference(cls, {v, 100, 100, 1, 0, "CT"});
  REQUIRE(req);
  Result<std::vector<Proposal>> no = decodeInference(cls, *req, {Tensor{{1, 1}, {-3.f}}});
  REQUIRE(no);
  CHECK(no->empty());  // sigmoid(-3) = 0.047, under the threshold
  Result<std::vector<Proposal>> yes = decodeInference(cls, *req, {Tensor{{1, 1}, {2.f}}});
  REQUIRE(yes);
  REQUIRE(yes->size() == 1);
  CHECK((*yes)[0].confidence == Approx(1 / (1 + std::exp(-2.0))));
  CHECK_FALSE(decodeInference(cls, *req, {Tensor{{1, 1}, {std::nanf("")}}}));
}

TEST_CASE("Softmax maps: a channel's probability is its share against the background channel") {
  ModelCard card = mapCard(4);
  card.decoding = OutputDecoding::kSoftmax;
  card.labels = {{1, "lesion"}};
  // Background logit 5, lesion logit 3 everywhere: 0.12, not sigmoid(3) = 0.95.
  Tensor t{{1, 2, 4, 4}, std::vector<float>(32, 5.f)};
  std::fill(t.data.begin() + 16, t.data.end(), 3.f);
  Result<ProbabilityMap> m = outputChannel(card, t, 1);
  REQUIRE(m);
  CHECK(m->values[0] == Approx(std::exp(3.0) / (std::exp(3.0) + std::exp(5.0))));
  Result<ProbabilityMap> bg = outputChannel(card, t, 0);
  REQUIRE(bg);
  CHECK(bg->values[7] + m->values[7] == Approx(1.0));
}

TEST_CASE("Boxes are clipped to the image and held to the card's minimum area") {
  const std::vector<float> v(100 * 100, 0.f);
  ModelCard det = mapCard(50);
  det.task = ModelTask::kDetection;
  det.decoding = OutputDecoding::kBoxes;
  det.minArea = 30;
  Result<InferenceRequest> req = prepareInference(det, {v, 100, 100, 1, 0, "CT"});
  REQUIRE(req);
  // An input pixel is two image pixels: a box past the right edge, and one of 4x4 image pixels (16 < 30).
  Tensor boxes{{1, 2, 6}, {40, 40, 60, 45, 0.9f, 0, 10, 10, 12, 12, 0.9f, 0}};
  Result<std::vector<Proposal>> found = decodeInference(det, *req, {boxes});
  REQUIRE(found);
  REQUIRE(found->size() == 1);
  CHECK(std::get<annot::Box>((*found)[0].shape) == annot::Box{80, 80, 20, 10});
}
