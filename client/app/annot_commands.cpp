// App commands of the annotation workspace. Each user action becomes one
// op through the Editor (one per touched slice for strokes and fills), so
// undo, sync and audit see exactly what the person did.
#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <random>
#include <set>

#include "client/app/app.h"
#include "client/app/grouped_edit.h"
#include "client/core/annot/shape_edit.h"
#include "client/core/annot/slice_interpolation.h"
#include "client/core/export/export_format.h"

namespace limn::app {

namespace {

std::string newAnnotationId() {
  static std::random_device device;  // crypto.getRandomValues in the browser
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id = "a-";
  for (int i = 0; i < 4; ++i) {
    const unsigned r = device();
    for (int k = 0; k < 4; ++k) id += kHex[(r >> (k * 4)) & 15];
  }
  return id;
}


}  // namespace

// --- where annotations go --------------------------------------------------------

std::optional<std::uint32_t> App::annotationSlice() const {
  const series::LoadedSeries* s = m_document.current();
  if (!s || s->sliceImages.empty() || mapping(0).plane != imaging::SlicePlane::kXY) return std::nullopt;
  return std::min<std::uint32_t>(sliceIndex(0), static_cast<std::uint32_t>(s->sliceImages.size() - 1));
}

std::optional<annot::ImageRef> App::annotationImage(std::uint32_t slice) const {
  const series::LoadedSeries* s = m_document.current();
  if (!s || slice >= s->sliceImages.size()) return std::nullopt;
  return s->sliceImages[slice];
}

std::optional<annot::PixelSpacingMm> App::annotationSpacing() const {
  const series::LoadedSeries* s = m_document.current();
  if (!s || !s->plan.geometry.pixelSpacingKnown) return std::nullopt;
  return annot::PixelSpacingMm{s->plan.geometry.spacing[1], s->plan.geometry.spacing[0]};
}

void App::annotationsChanged(std::string message) {
  ++m_annot.revision;
  m_annot.message = std::move(message);
  // New ops leave at once, not at the next frame: a colleague sees them sooner.
  syncOutgoing();
}

Status App::checkLabel(const std::string& label, annot::ShapeKind kind) const {
  const annot::LabelDefinition* d = m_annot.schema.find(label);
  if (!d) return makeError(ErrorCode::kInvalidArgument, "choose a label first");
  if (std::find(d->shapes.begin(), d->shapes.end(), kind) == d->shapes.end())
    return makeError(ErrorCode::kInvalidArgument,
                     "label '" + d->name + "' does not allow " + std::string(annot::shapeKindName(kind)) + " shapes");
  return okStatus();
}

annot::Annotation App::newAnnotation(annot::ImageRef image, annot::Shape shape) const {
  annot::Annotation a;
  a.id = newAnnotationId();
  a.image = std::move(image);
  a.label = m_annot.label;
  a.shape = std::move(shape);
  a.author = m_annot.author;
  a.guidelineVersion = m_annot.schema.guidelineVersion;
  return a;
}

// --- tools, labels, schema, files -----------------------------------------------

void App::setTool(Tool tool) {
  cancelDraft();
  m_annot.tool = tool;
  m_annot.message.clear();
  if (tool == Tool::kAiClick) aiStart();
  if (tool == Tool::kNavigate || tool == Tool::kEraser) return;
  // A tool whose shape the current label does not allow picks the first label that does.
  const annot::ShapeKind kind = toolInfo(tool).shape;
  if (checkLabel(m_annot.label, kind)) return;
  for (const annot::LabelDefinition& d : m_annot.schema.labels)
    if (std::find(d.shapes.begin(), d.shapes.end(), kind) != d.shapes.end()) {
      m_annot.label = d.id;
      return;
    }
  m_annot.message = "no label of this schema allows " + std::string(annot::shapeKindName(kind)) + " shapes";
}

void App::setLabel(const std::string& id) {
  if (m_annot.schema.find(id)) m_annot.label = id;
}

void App::cycleLabel(int delta) {
  const auto& labels = m_annot.schema.labels;
  if (labels.empty()) return;
  const int n = static_cast<int>(labels.size());
  const int at = std::max(0, static_cast<int>(m_annot.labelIndex(m_annot.label)) - 1);
  m_annot.label = labels[static_cast<std::size_t>(((at + delta) % n + n) % n)].id;
}

void App::setAuthor(const std::string& name) {
  if (name.empty() || name == m_annot.author) return;
  m_annot.author = name;
  std::vector<annot::Op> ops = m_annot.editor ? m_annot.editor->document().ops() : std::vector<annot::Op>{};
  m_annot.editor.emplace(name, m_annot.schema.guidelineVersion, std::move(ops));
}

Status App::loadLabelSchema(const std::string& json) {
  auto schema = annot::labelSchemaFromJson(json);
  if (!schema) return schema.error();
  if (schema->labels.empty()) return makeError(ErrorCode::kInvalidArgument, "the label schema has no labels");
  m_annot.schema = std::move(schema).value();
  m_annot.schemaName = m_annot.schema.name + " " + m_annot.schema.version;
  m_annot.label = m_annot.schema.labels.front().id;
  std::vector<annot::Op> ops = m_annot.editor ? m_annot.editor->document().ops() : std::vector<annot::Op>{};
  m_annot.editor.emplace(m_annot.author, m_annot.schema.guidelineVersion, std::move(ops));
  annotationsChanged();
  return okStatus();
}

Status App::loadAnnotationFile(const std::string& json) {
  auto file = annot::annotationFileFromJson(json, "");
  if (!file) return file.error();
  if (!file->schema.labels.empty()) {
    m_annot.schema = file->schema;
    m_annot.schemaName = file->schema.name + " " + file->schema.version;
    if (!m_annot.schema.find(m_annot.label)) m_annot.label = m_annot.schema.labels.front().id;
  }
  // Ops already held (the same file opened twice) count once: the fold ignores duplicates.
  std::vector<annot::Op> ops = m_annot.editor ? m_annot.editor->document().ops() : std::vector<annot::Op>{};
  ops.insert(ops.end(), file->ops.begin(), file->ops.end());
  m_annot.editor.emplace(m_annot.author, m_annot.schema.guidelineVersion, std::move(ops));
  for (const annot::ImageInfo& info : file->images)
    if (std::none_of(m_annot.knownImages.begin(), m_annot.knownImages.end(),
                     [&](const annot::ImageInfo& k) { return k.id == info.id; }))
      m_annot.knownImages.push_back(info);
  m_annot.selected.clear();
  annotationsChanged();
  return okStatus();
}

annot::AnnotationFile App::annotationFile() const {
  annot::AnnotationFile file;
  file.schema = m_annot.schema;
  if (m_annot.editor) file.ops = m_annot.editor->document().ops();
  // Every image an annotation is on, described from the open series (else
  // from the annotation file it came from).
  std::set<std::string> used;
  if (const annot::AnnotationDocument* doc = m_annot.document())
    for (const auto& [id, a] : doc->annotations()) used.insert(a.image.image);
  std::set<std::string> listed;
  const auto add = [&](const annot::ImageInfo& info) {
    if (used.count(info.id) && listed.insert(info.id).second) file.images.push_back(info);
  };
  for (const series::LoadedSeries& s : m_document.series)
    for (const annot::ImageInfo& info : s.images) add(info);
  for (const annot::ImageInfo& info : m_annot.knownImages) add(info);
  return file;
}

std::string App::annotationFileJson() const { return annot::annotationFileToJson(annotationFile()); }

void App::exportAnnotations(exporting::Format format) {
  const annot::AnnotationFile file = annotationFile();
  const annot::AnnotationDocument* doc = m_annot.document();
  if (!doc || doc->annotations().empty()) {
    m_annot.message = "nothing to export yet";
    return;
  }
  // As the CLI: every annotation must fit the schema (required attributes
  // filled in) and its image, and every image have a name of its own.
  if (Status st = exporting::checkDistinctNames(file); !st) {
    m_annot.message = "not exported: " + st.error().message;
    return;
  }
  for (const auto& [id, a] : doc->annotations()) {
    Status st = annot::validateAnnotation(file.schema, a);
    if (st) st = exporting::checkOnItsImage(file, a);
    if (!st) {
      m_annot.selected = {id};
      m_annot.message = "not exported: " + st.error().message;
      return;
    }
  }
  const exporting::ExportResult r = exporting::exportAnnotations(format, file, *doc);
  nlohmann::json files = nlohmann::json::object();
  for (const auto& [name, contents] : r.files) files[name] = contents;
  const std::string name = "annotations-" + std::string(exporting::formatName(format)) + ".zip";
  if (m_platform.saveFiles) m_platform.saveFiles(name.c_str(), files.dump().c_str());
  m_annot.message = "exported " + std::to_string(r.exported) + " annotation(s) to " + name +
                    (r.skipped.empty() ? "" : "; " + std::to_string(r.skipped.size()) + " not in this format's shapes");
}

void App::requestOpenText(const char* kind) {
  if (m_platform.openText) m_platform.openText(kind);
}

void App::openedText(const std::string& kind, const std::string& text) {
  const Status st = kind == "schema" ? loadLabelSchema(text) : loadAnnotationFile(text);
  m_annot.message = st ? (kind == "schema" ? "label schema opened" : "annotations opened")
                       : "could not open the " + kind + ": " + st.error().message;
}

void App::saveAnnotations() {
  if (m_platform.saveText) m_platform.saveText("annotations.json", annotationFileJson().c_str());
}

// --- drawing ----------------------------------------------------------------------

void App::createShape(annot::Shape shape) {
  const auto slice = annotationSlice();
  if (!slice) return;
  if (Status st = checkLabel(m_annot.label, annot::kindOf(shape)); !st) {
    m_annot.message = st.error().message;
    return;
  }
  annot::Annotation a = newAnnotation(*annotationImage(*slice), std::move(shape));
  const std::string id = a.id;
  m_annot.editor->create(std::move(a));
  m_annot.selected = {id};
  annotationsChanged();
}

void App::classify(annot::Level level, std::map<std::string, std::string> attributes) {
  const auto slice = annotationSlice();
  if (!slice) return;
  annot::Annotation a = newAnnotation(*annotationImage(*slice), annot::Classification{});
  a.level = level;
  a.attributes = std::move(attributes);
  if (Status st = annot::validateAnnotation(m_annot.schema, a); !st) {
    m_annot.message = st.error().message;
    return;
  }
  const std::string id = a.id;
  m_annot.editor->create(std::move(a));
  m_annot.selected = {id};
  annotationsChanged();
}

annot::IntensityGate App::gateFor(std::uint32_t slice) const {
  const series::LoadedSeries* s = m_document.current();
  annot::IntensityGate gate;
  if (!s || !s->volume || slice >= s->volume->slices.size()) return gate;
  gate.values = s->volume->slices[slice];
  gate.slope = s->volume->displayLut.slope;
  gate.intercept = s->volume->displayLut.intercept;
  gate.low = m_annot.brush.low;
  gate.high = m_annot.brush.high;
  return gate;
}

void App::beginStroke(bool erase) {
  const auto slice = annotationSlice();
  if (!slice) return;
  if (!erase) {
    if (Status st = checkLabel(m_annot.label, annot::ShapeKind::kMask); !st) {
      m_annot.message = st.error().message;
      return;
    }
  }
  m_annot.stroke = {};
  m_annot.stroke.active = true;
  m_annot.stroke.erase = erase;
  m_annot.stroke.label = m_annot.label;
  m_annot.message.clear();
  m_strokeLast = {-1e9, -1e9};
}

void App::dabSlice(std::uint32_t slice, annot::Point p, double radius) {
  Stroke& stroke = m_annot.stroke;
  auto canvas = stroke.canvases.find(slice);
  if (canvas == stroke.canvases.end()) {
    const series::LoadedSeries& s = *m_document.current();
    const annot::ImageRef image = *annotationImage(slice);
    // Paint into the label's mask on this slice if there is one (the
    // eraser: the selected mask, else the current label's).
    std::string target;
    if (const annot::AnnotationDocument* doc = m_annot.document()) {
      for (const auto& [id, a] : doc->annotations()) {
        if (a.image != image || !std::holds_alternative<annot::Mask>(a.shape) || a.locked) continue;
        const bool wanted =
            stroke.erase ? (m_annot.selected.count(id) > 0 || a.label == stroke.label) : a.label == stroke.label;
        if (wanted && (target.empty() || m_annot.selected.count(id))) target = id;
      }
    }
    if (stroke.erase && target.empty()) return;
    annot::MaskCanvas c = target.empty()
                              ? annot::MaskCanvas(s.plan.geometry.width, s.plan.geometry.height)
                              : annot::MaskCanvas::fromMask(std::get<annot::Mask>(m_annot.find(target)->shape));
    canvas = stroke.canvases.emplace(slice, std::move(c)).first;
    if (!target.empty()) stroke.targets[slice] = target;
  }
  const annot::IntensityGate gate = gateFor(slice);
  const bool gated = m_annot.brush.gated && !gate.values.empty();
  const annot::PixelRect r = canvas->second.dab(p, radius, !stroke.erase, gated ? &gate : nullptr);
  if (r.empty() || annotationSlice() != slice || m_labels.empty()) return;
  // Show it at once: only the touched rectangle of the label image changes.
  const std::uint32_t w = canvas->second.width();
  const std::uint8_t index = m_annot.labelIndex(stroke.label);
  const auto& bits = canvas->second.bits();
  for (std::uint32_t y = r.y0; y < r.y1; ++y)
    for (std::uint32_t x = r.x0; x < r.x1; ++x) {
      const std::size_t i = std::size_t{y} * w + x;
      if (bits[i])
        m_labels[i] = index;
      else if (stroke.erase || m_labels[i] == index)
        m_labels[i] = 0;
    }
  m_overlay.updateLabels(static_cast<int>(r.x0), static_cast<int>(r.y0), static_cast<int>(r.x1 - r.x0),
                         static_cast<int>(r.y1 - r.y0), m_labels);
}

void App::strokeTo(annot::Point p) {
  const auto slice = annotationSlice();
  if (!m_annot.stroke.active || !slice) return;
  const series::LoadedSeries& s = *m_document.current();
  const double radius = m_annot.brush.radius;
  // Dabs every half radius along the way: a fast mouse leaves no gaps.
  const double gap = annot::distance(m_strokeLast, p);
  const int steps =
      m_strokeLast.x < -1e8 ? 1 : std::max(1, static_cast<int>(std::ceil(gap / std::max(0.5, radius / 2))));
  const annot::Point from = m_strokeLast.x < -1e8 ? p : m_strokeLast;
  const double zScale = s.plan.geometry.spacing[2] / std::max(1e-9, s.plan.geometry.spacing[0]);
  const int depth =
      m_annot.brush.sphere && s.sliceImages.size() > 1 ? static_cast<int>(std::floor(radius / zScale)) : 0;
  for (int k = 1; k <= steps; ++k) {
    const double t = static_cast<double>(k) / steps;
    const annot::Point at{from.x + (p.x - from.x) * t, from.y + (p.y - from.y) * t};
    for (int dz = -depth; dz <= depth; ++dz) {
      const long z = static_cast<long>(*slice) + dz;
      if (z < 0 || z >= static_cast<long>(s.sliceImages.size())) continue;
      const double r = annot::sphereSectionRadius(radius, dz, zScale);
      if (r > 0) dabSlice(static_cast<std::uint32_t>(z), at, r);
    }
  }
  m_strokeLast = p;
}

void App::endStroke() {
  Stroke stroke = std::move(m_annot.stroke);
  m_annot.stroke = {};
  if (!stroke.active) return;
  {
    const GroupedEdit step(*m_annot.editor);
    for (auto& [slice, canvas] : stroke.canvases) {
      const auto target = stroke.targets.find(slice);
      if (target != stroke.targets.end()) {
        if (canvas.empty())
          m_annot.editor->remove(target->second);
        else {
          if (const annot::Annotation* a = m_annot.find(target->second); a && annot::awaitsConfirmation(*a))
            m_annot.editor->setStatus(a->id, "draft", a->hidden, a->locked);  // corrected by a person
          m_annot.editor->editGeometry(target->second, canvas.toMask());
        }
      } else if (!stroke.erase && !canvas.empty()) {
        annot::Annotation a = newAnnotation(*annotationImage(slice), canvas.toMask());
        a.label = stroke.label;
        if (slice == annotationSlice()) m_annot.selected = {a.id};
        m_annot.editor->create(std::move(a));
      }
    }
  }
  annotationsChanged();
}

void App::cancelDraft() {
  m_annot.draft = {};
  m_annot.grab = {};
  if (m_annot.stroke.active) {
    m_annot.stroke = {};
    annotationsChanged();  // the label image shows the stroke: rebuild it
  }
}

// --- selection and edits ------------------------------------------------------

App::OverlayKey App::currentOverlayKey() const {
  const auto slice = annotationSlice();
  return {m_annot.revision, m_document.generation, m_document.active, slice.value_or(0), slice.has_value()};
}

const std::vector<const annot::Annotation*>& App::shownAnnotations(bool filtered) const {
  ShownCache& cache = m_shown[filtered ? 1 : 0];
  const OverlayKey key = currentOverlayKey();
  if (cache.key == key &&
      (!filtered || (cache.filter == m_annot.filter && cache.thisSliceOnly == m_annot.listThisSliceOnly)))
    return cache.list;
  cache.key = key;
  cache.filter = m_annot.filter;
  cache.thisSliceOnly = m_annot.listThisSliceOnly;
  std::vector<const annot::Annotation*>& out = cache.list;
  out.clear();
  const annot::AnnotationDocument* doc = m_annot.document();
  const auto slice = annotationSlice();
  if (!doc) return out;
  const auto image = slice ? annotationImage(*slice) : std::nullopt;
  const series::LoadedSeries* s = m_document.current();
  for (const auto& entry : doc->annotations()) {
    const annot::Annotation& a = entry.second;
    if (filtered && !annot::matches(m_annot.filter, a)) continue;
    if (!filtered || m_annot.listThisSliceOnly) {
      // Classifications of the series or study show on every slice of it.
      const bool here = image && a.image == *image;
      const bool wider = a.level != annot::Level::kImage && s &&
                         std::any_of(s->images.begin(), s->images.end(),
                                     [&](const annot::ImageInfo& i) { return i.id == a.image.image; });
      if (!here && !wider) continue;
    }
    out.push_back(&a);
  }
  return out;
}

void App::selectAt(annot::Point p, bool add, double tolerance) {
  // The smallest shape under the cursor: a lesion inside an organ is picked
  // before the organ.
  const annot::Annotation* best = nullptr;
  double bestArea = 0;
  for (const annot::Annotation* a : shownAnnotations(false)) {
    if (a->hidden || std::holds_alternative<annot::Classification>(a->shape)) continue;
    if (!annot::hitShape(a->shape, p, tolerance)) continue;
    const annot::Box b = annot::boundingBox(a->shape);
    const double area = b.width * b.height;
    if (!best || area < bestArea) {
      best = a;
      bestArea = area;
    }
  }
  if (!best) {
    if (!add) m_annot.selected.clear();
    return;
  }
  select(best->id, add);
}

void App::select(const std::string& id, bool add) {
  if (!add) {
    m_annot.selected = {id};
    return;
  }
  if (!m_annot.selected.erase(id)) m_annot.selected.insert(id);
}

void App::selectAllOnSlice() {
  m_annot.selected.clear();
  for (const annot::Annotation* a : shownAnnotations(false))
    if (!a->hidden) m_annot.selected.insert(a->id);
}

void App::clearSelection() { m_annot.selected.clear(); }

void App::editShape(const std::string& id, annot::Shape shape) {
  const annot::Annotation* a = m_annot.find(id);
  if (!a || a->locked || a->shape == shape) return;
  const GroupedEdit step(*m_annot.editor);
  // Correcting a model's proposal is a person's judgement: it counts from now on.
  if (annot::awaitsConfirmation(*a)) m_annot.editor->setStatus(id, "draft", a->hidden, a->locked);
  m_annot.editor->editGeometry(id, std::move(shape));
  annotationsChanged();
}

void App::setAnnotationLabel(const std::string& id, const std::string& label) {
  const annot::Annotation* a = m_annot.find(id);
  if (!a || a->locked || a->label == label) return;
  if (Status st = checkLabel(label, annot::kindOf(a->shape)); !st) {
    m_annot.message = st.error().message;
    return;
  }
  m_annot.editor->setLabel(id, label);
  annotationsChanged();
}

void App::setAttributes(const std::string& id, std::map<std::string, std::string> attributes) {
  const annot::Annotation* a = m_annot.find(id);
  if (!a || a->locked || a->attributes == attributes) return;
  m_annot.editor->setAttributes(id, std::move(attributes));
  annotationsChanged();
}

void App::addComment(const std::string& id, const std::string& text) {
  if (!m_annot.find(id) || text.empty()) return;
  m_annot.editor->comment(id, text);
  annotationsChanged();
}

void App::setStatusSelected(const std::string& status) {
  const GroupedEdit step(*m_annot.editor);
  for (const std::string& id : m_annot.selected)
    if (const annot::Annotation* a = m_annot.find(id); a && a->status != status)
      m_annot.editor->setStatus(id, status, a->hidden, a->locked);
  annotationsChanged();
}

void App::deleteSelected() {
  const GroupedEdit step(*m_annot.editor);
  std::set<std::string> locked;  // stay selected: unlock them, then delete
  for (const std::string& id : m_annot.selected) {
    const annot::Annotation* a = m_annot.find(id);
    if (!a) continue;
    if (a->locked)
      locked.insert(id);
    else
      m_annot.editor->remove(id);
  }
  m_annot.selected = locked;
  annotationsChanged(
      locked.empty() ? "" : std::to_string(locked.size()) + " locked annotation(s) kept: unlock them first (U)");
}

void App::toggleHiddenSelected() {
  const GroupedEdit step(*m_annot.editor);
  for (const std::string& id : m_annot.selected)
    if (const annot::Annotation* a = m_annot.find(id)) m_annot.editor->setStatus(id, a->status, !a->hidden, a->locked);
  annotationsChanged();
}

void App::toggleLockedSelected() {
  const GroupedEdit step(*m_annot.editor);
  for (const std::string& id : m_annot.selected)
    if (const annot::Annotation* a = m_annot.find(id)) m_annot.editor->setStatus(id, a->status, a->hidden, !a->locked);
  annotationsChanged();
}

void App::copySelectionToSlice(int delta) {
  const GroupedEdit step(*m_annot.editor);
  const auto slice = annotationSlice();
  if (!slice || m_annot.selected.empty()) return;
  const long to = static_cast<long>(*slice) + delta;
  const auto target = to >= 0 ? annotationImage(static_cast<std::uint32_t>(to)) : std::nullopt;
  if (!target) return;
  std::set<std::string> copies;
  for (const std::string& id : m_annot.selected) {
    const annot::Annotation* a = m_annot.find(id);
    if (!a || std::holds_alternative<annot::Classification>(a->shape)) continue;
    annot::Annotation copy = newAnnotation(*target, a->shape);
    copy.label = a->label;
    copy.attributes = a->attributes;
    copies.insert(copy.id);
    m_annot.editor->create(std::move(copy));
  }
  stepSlice(0, delta);
  m_annot.selected = copies;
  annotationsChanged();
}

void App::fillBetweenSlices() {
  const series::LoadedSeries* s = m_document.current();
  const annot::AnnotationDocument* doc = m_annot.document();
  if (!s || !doc || s->sliceImages.size() < 3) return;
  // The current label's mask on each slice that has one (a model's
  // proposal counts only once a person confirms it).
  std::map<std::uint32_t, const annot::Mask*> drawn;
  for (std::uint32_t z = 0; z < s->sliceImages.size(); ++z)
    for (const auto& [id, a] : doc->annotations())
      if (a.image == s->sliceImages[z] && a.label == m_annot.label && !a.hidden && !annot::awaitsConfirmation(a))
        if (const auto* m = std::get_if<annot::Mask>(&a.shape)) drawn.emplace(z, m);
  if (drawn.size() < 2) {
    annotationsChanged("draw the label's mask on at least two slices, then fill between them");
    return;
  }
  std::size_t made = 0;
  std::vector<std::pair<std::uint32_t, annot::Mask>> fills;
  for (auto it = drawn.begin(); std::next(it) != drawn.end(); ++it) {
    const auto next = std::next(it);
    const std::uint32_t between = next->first - it->first - 1;
    if (between == 0) continue;
    auto masks = annot::interpolateMasks(*it->second, *next->second, between);
    if (!masks) continue;
    for (std::uint32_t k = 0; k < between; ++k) fills.emplace_back(it->first + 1 + k, std::move((*masks)[k]));
  }
  {
    const GroupedEdit step(*m_annot.editor);
    for (auto& [z, mask] : fills) {
      if (annot::maskArea(mask) == 0) continue;
      m_annot.editor->create(newAnnotation(s->sliceImages[z], std::move(mask)));
      ++made;
    }
  }
  annotationsChanged("filled " + std::to_string(made) + " slice(s)");
}

void App::undo() {
  cancelDraft();
  if (m_annot.editor && m_annot.editor->undo()) annotationsChanged();
}

void App::redo() {
  cancelDraft();
  if (m_annot.editor && m_annot.editor->redo()) annotationsChanged();
}

// --- the overlay of the shown slice -------------------------------------------

void App::refreshOverlay() {
  const auto slice = annotationSlice();
  const OverlayKey want = currentOverlayKey();
  // The brush and eraser draw into the label image, so they need it even on a slice without masks.
  const bool painting = m_annot.tool == Tool::kBrush || m_annot.tool == Tool::kEraser;
  if ((want == m_overlayKey && painting == m_overlayPainting) || m_annot.stroke.active) return;
  m_overlayKey = want;
  m_overlayPainting = painting;
  std::vector<LineVertex> lines;
  m_labels.clear();  // made only when a mask or the brush needs it: no full-image work per slice otherwise
  const series::LoadedSeries* s = m_document.current();
  const std::size_t pixels = s ? std::size_t{s->plan.geometry.width} * s->plan.geometry.height : 0;
  if (slice && s) {
    for (const annot::Annotation* a : shownAnnotations(false)) {
      if (a->hidden) continue;
      if (const auto* m = std::get_if<annot::Mask>(&a->shape)) {
        if (m->width * std::size_t{m->height} != pixels) continue;
        if (m_labels.empty()) m_labels.assign(pixels, 0);
        const std::uint8_t index = m_annot.labelIndex(a->label);
        std::size_t at = 0;
        for (std::size_t i = 0; i < m->runs.size(); ++i) {
          if (i % 2 == 1) std::fill_n(m_labels.begin() + static_cast<std::ptrdiff_t>(at), m->runs[i], index);
          at += m->runs[i];
        }
        continue;
      }
      if (std::holds_alternative<annot::Points>(a->shape)) continue;  // drawn as markers by ImGui
      const annot::LabelDefinition* d = m_annot.schema.find(a->label);
      const std::uint32_t colour = d ? labelColour(*d, 255) : IM_COL32(255, 255, 0, 255);
      const std::vector<annot::Point> v = annot::editableVertices(a->shape);
      const bool closed =
          std::holds_alternative<annot::Polygon>(a->shape) || std::holds_alternative<annot::Box>(a->shape);
      const std::size_t edges = v.size() < 2 ? 0 : (closed ? v.size() : v.size() - 1);
      for (std::size_t i = 0; i < edges; ++i) {
        const annot::Point a0 = v[i], a1 = v[(i + 1) % v.size()];
        lines.push_back({static_cast<float>(a0.x), static_cast<float>(a0.y), colour});
        lines.push_back({static_cast<float>(a1.x), static_cast<float>(a1.y), colour});
      }
    }
    if (painting && m_labels.empty()) m_labels.assign(pixels, 0);
  }
  if (s) m_overlay.setImageSize(static_cast<int>(s->plan.geometry.width), static_cast<int>(s->plan.geometry.height));
  m_overlay.setLines(lines);
  if (m_labels.empty()) {
    m_overlay.clearLabels();
    return;
  }
  std::vector<std::uint32_t> palette;
  for (const annot::LabelDefinition& d : m_annot.schema.labels) palette.push_back(labelColour(d, 110));
  m_overlay.setPalette(palette);
  m_overlay.setLabels(static_cast<int>(s->plan.geometry.width), static_cast<int>(s->plan.geometry.height), m_labels,
                      m_tileLimit);
}

std::string App::annotationsStateJson() const {
  nlohmann::json list = nlohmann::json::array();
  if (const annot::AnnotationDocument* doc = m_annot.document())
    for (const auto& [id, a] : doc->annotations()) {
      nlohmann::json j = {{"id", id},
                          {"label", a.label},
                          {"kind", annot::shapeKindName(annot::kindOf(a.shape))},
                          {"image", a.image.image},
                          {"frame", a.image.frame},
                          {"hidden", a.hidden},
                          {"locked", a.locked},
                          {"status", a.status},
                          {"source", a.source},
                          {"confidence", a.confidence},
                          {"author", a.author}};
      if (const auto* m = std::get_if<annot::Mask>(&a.shape)) j["area"] = annot::maskArea(*m);
      const auto v = annot::editableVertices(a.shape);
      if (!v.empty() && v.size() <= 64) {
        nlohmann::json pts = nlohmann::json::array();
        for (const annot::Point& p : v) pts.push_back({p.x, p.y});
        j["vertices"] = pts;
      }
      list.push_back(std::move(j));
    }
  const auto slice = annotationSlice();
  return nlohmann::json{{"tool", toolInfo(m_annot.tool).name},
                        {"label", m_annot.label},
                        {"schema", m_annot.schema.name},
                        {"annotations", list},
                        {"selected", m_annot.selected},
                        {"message", m_annot.message},
                        {"slice", slice ? nlohmann::json(*slice) : nlohmann::json(nullptr)},
                        {"overlay_segments", m_overlay.segmentCount()},
                        {"brush",
                         {{"radius", m_annot.brush.radius},
                          {"sphere", m_annot.brush.sphere},
                          {"gated", m_annot.brush.gated},
                          {"low", m_annot.brush.low},
                          {"high", m_annot.brush.high}}}}
      .dump();
}

}  // namespace limn::app
