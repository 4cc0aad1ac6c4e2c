// The annotation document: the deterministic fold of a set of ops. Any
// replica holding the same ops holds the same annotations, whatever order
// the ops arrived in. Undo and redo are ops that switch an earlier op off
// and on again.
#pragma once

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "client/core/annot/op.h"
#include "shared/sync/op_lane.h"

namespace limn::annot {

class AnnotationDocument {
 public:
  // Folds `ops` (any order; an op seen twice counts once).
  static AnnotationDocument fold(std::vector<Op> ops);

  const std::map<std::string, Annotation>& annotations() const { return m_annotations; }
  const std::vector<Op>& ops() const { return m_ops; }  // in fold order
  std::uint64_t maxLamport() const { return m_ops.empty() ? 0 : m_ops.back().lamport; }
  bool isUndone(const OpId& id) const;

  // Adds an op that sorts after every op held (a local edit): applied in
  // place, without refolding, unless it undoes or redoes something.
  void append(Op op);

 private:
  std::vector<Op> m_ops;
  std::map<OpId, bool> m_undone;
  std::map<std::string, Annotation> m_annotations;
};

// One person's editing session: makes ops with the next Lamport stamp and
// the next counter in this session's own lane (shared/sync/op_lane.h: the
// same person editing elsewhere at the same time never makes the same op
// id), keeps the document folded, and undoes/redoes this session's ops.
class Editor {
 public:
  Editor(std::string author, std::string guidelineVersion, std::vector<Op> existing = {},
         std::uint64_t lane = sync::drawOpLane());

  const AnnotationDocument& document() const { return m_document; }

  const Op& create(Annotation a);
  const Op& editGeometry(const std::string& id, Shape shape);
  const Op& setLabel(const std::string& id, std::string label);
  const Op& setAttributes(const std::string& id, std::map<std::string, std::string> attributes);
  const Op& setStatus(const std::string& id, std::string status, bool hidden, bool locked);
  const Op& remove(const std::string& id);
  const Op& comment(const std::string& id, std::string text);
  bool undo();  // false when nothing of this author's is left to undo
  bool redo();
  // Ops made between these calls are one step for undo and redo (a brush
  // stroke across slices, a fill between slices): one undo takes them all.
  void beginGroup();
  void endGroup();

  // Ops from elsewhere (sync), this author's from other sessions among
  // them: folded in, Lamport clock advanced.
  void receive(std::vector<Op> ops);

  void setClock(std::int64_t (*nowMs)()) { m_nowMs = nowMs; }
  // The lane this session numbers its ops in (it draws a new one when full).
  std::uint64_t lane() const { return sync::opLane(m_counter); }

 private:
  Op next(OpKind kind, const std::string& annotation);
  const Op& apply(Op op);

  std::string m_author, m_guidelineVersion;
  std::uint64_t m_counter = 0;
  std::vector<std::vector<OpId>> m_redo;  // steps this session undid, most recent last
  std::map<OpId, std::uint64_t> m_groupOf;  // this session's ops by step
  std::uint64_t m_nextGroup = 1, m_openGroup = 0;
  AnnotationDocument m_document;
  std::int64_t (*m_nowMs)() = nullptr;
};

}  // namespace limn::annot
