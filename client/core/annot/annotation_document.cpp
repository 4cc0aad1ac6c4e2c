#include "client/core/annot/annotation_document.h"

#include <algorithm>
#include <chrono>

namespace limn::annot {

namespace {

std::int64_t systemNowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void applyOp(std::map<std::string, Annotation>& annotations, const Op& op) {
  if (op.kind == OpKind::kCreate) {
    if (!op.created || annotations.count(op.created->id)) return;  // first create wins
    Annotation a = *op.created;
    a.author = op.id.author;
    a.guidelineVersion = op.guidelineVersion;
    annotations.emplace(a.id, std::move(a));
    return;
  }
  auto it = annotations.find(op.annotation);
  if (it == annotations.end()) return;
  Annotation& a = it->second;
  // A locked annotation changes only by unlocking it.
  if (a.locked && op.kind != OpKind::kSetStatus && op.kind != OpKind::kComment) return;
  switch (op.kind) {
    case OpKind::kEditGeometry: a.shape = *op.shape; break;
    case OpKind::kSetLabel: a.label = op.label; break;
    case OpKind::kSetAttributes: a.attributes = op.attributes; break;
    case OpKind::kSetStatus:
      a.status = op.status;
      a.hidden = op.hidden;
      a.locked = op.locked;
      break;
    case OpKind::kDelete: annotations.erase(it); return;
    case OpKind::kComment: a.comments.push_back(*op.comment); return;
    default: return;
  }
  a.guidelineVersion = op.guidelineVersion;
}

}  // namespace

AnnotationDocument AnnotationDocument::fold(std::vector<Op> ops) {
  AnnotationDocument d;
  std::sort(ops.begin(), ops.end(), opOrder);
  ops.erase(std::unique(ops.begin(), ops.end(), [](const Op& a, const Op& b) { return a.id == b.id; }), ops.end());
  d.m_ops = std::move(ops);
  for (const Op& op : d.m_ops) {
    if (op.kind == OpKind::kUndo) d.m_undone[op.targetOp] = true;
    if (op.kind == OpKind::kRedo) d.m_undone[op.targetOp] = false;
  }
  for (const Op& op : d.m_ops)
    if (op.kind != OpKind::kUndo && op.kind != OpKind::kRedo && !d.isUndone(op.id)) applyOp(d.m_annotations, op);
  return d;
}

void AnnotationDocument::append(Op op) {
  const bool last = m_ops.empty() || opOrder(m_ops.back(), op);
  if (!last || op.kind == OpKind::kUndo || op.kind == OpKind::kRedo) {
    std::vector<Op> all = std::move(m_ops);
    all.push_back(std::move(op));
    *this = fold(std::move(all));
    return;
  }
  applyOp(m_annotations, op);
  m_ops.push_back(std::move(op));
}

bool AnnotationDocument::isUndone(const OpId& id) const {
  auto it = m_undone.find(id);
  return it != m_undone.end() && it->second;
}

Editor::Editor(std::string author, std::string guidelineVersion, std::vector<Op> existing, std::uint64_t lane)
    : m_author(std::move(author)), m_guidelineVersion(std::move(guidelineVersion)),
      m_counter(sync::laneStart(lane)), m_document(AnnotationDocument::fold(std::move(existing))),
      m_nowMs(&systemNowMs) {}

Op Editor::next(OpKind kind, const std::string& annotation) {
  if (sync::laneFull(m_counter)) m_counter = sync::laneStart(sync::drawOpLane());
  Op op;
  op.id = {m_author, ++m_counter};
  op.lamport = m_document.maxLamport() + 1;
  op.timeMs = m_nowMs();
  op.guidelineVersion = m_guidelineVersion;
  op.kind = kind;
  op.annotation = annotation;
  if (kind != OpKind::kUndo && kind != OpKind::kRedo) m_groupOf[op.id] = m_openGroup ? m_openGroup : m_nextGroup++;
  return op;
}

void Editor::beginGroup() {
  if (!m_openGroup) m_openGroup = m_nextGroup++;
}

void Editor::endGroup() { m_openGroup = 0; }

const Op& Editor::apply(Op op) {
  if (op.kind != OpKind::kUndo && op.kind != OpKind::kRedo) m_redo.clear();
  const OpId id = op.id;
  m_document.append(std::move(op));
  return *std::find_if(m_document.ops().rbegin(), m_document.ops().rend(), [&](const Op& o) { return o.id == id; });
}

const Op& Editor::create(Annotation a) {
  Op op = next(OpKind::kCreate, a.id);
  op.created = std::move(a);
  return apply(std::move(op));
}

const Op& Editor::editGeometry(const std::string& id, Shape shape) {
  Op op = next(OpKind::kEditGeometry, id);
  op.shape = std::move(shape);
  return apply(std::move(op));
}

const Op& Editor::setLabel(const std::string& id, std::string label) {
  Op op = next(OpKind::kSetLabel, id);
  op.label = std::move(label);
  return apply(std::move(op));
}

const Op& Editor::setAttributes(const std::string& id, std::map<std::string, std::string> attributes) {
  Op op = next(OpKind::kSetAttributes, id);
  op.attributes = std::move(attributes);
  return apply(std::move(op));
}

const Op& Editor::setStatus(const std::string& id, std::string status, bool hidden, bool locked) {
  Op op = next(OpKind::kSetStatus, id);
  op.status = std::move(status);
  op.hidden = hidden;
  op.locked = locked;
  return apply(std::move(op));
}

const Op& Editor::remove(const std::string& id) { return apply(next(OpKind::kDelete, id)); }

const Op& Editor::comment(const std::string& id, std::string text) {
  Op op = next(OpKind::kComment, id);
  op.comment = Comment{m_author, op.timeMs, std::move(text)};
  return apply(std::move(op));
}

bool Editor::undo() {
  const auto& ops = m_document.ops();
  const auto undoable = [&](const Op& o) {
    return o.id.author == m_author && o.kind != OpKind::kUndo && o.kind != OpKind::kRedo && !m_document.isUndone(o.id);
  };
  const auto last = std::find_if(ops.rbegin(), ops.rend(), undoable);
  if (last == ops.rend()) return false;
  // The whole step the op belongs to, newest first.
  const auto group = m_groupOf.find(last->id);
  std::vector<OpId> step;
  for (auto it = last; it != ops.rend(); ++it)
    if (undoable(*it) && (it == last || (group != m_groupOf.end() && m_groupOf.count(it->id) &&
                                         m_groupOf.at(it->id) == group->second)))
      step.push_back(it->id);
  for (const OpId& target : step) {
    Op op = next(OpKind::kUndo, "");
    op.targetOp = target;
    apply(std::move(op));
  }
  m_redo.push_back(std::move(step));
  return true;
}

bool Editor::redo() {
  if (m_redo.empty()) return false;
  const std::vector<OpId> step = std::move(m_redo.back());
  m_redo.pop_back();
  for (auto it = step.rbegin(); it != step.rend(); ++it) {  // oldest first, as they were made
    Op op = next(OpKind::kRedo, "");
    op.targetOp = *it;
    apply(std::move(op));
  }
  return true;
}

void Editor::receive(std::vector<Op> ops) {
  std::vector<Op> all = m_document.ops();
  all.insert(all.end(), std::make_move_iterator(ops.begin()), std::make_move_iterator(ops.end()));
  m_document = AnnotationDocument::fold(std::move(all));
}

}  // namespace limn::annot
