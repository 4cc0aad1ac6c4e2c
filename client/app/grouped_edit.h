// Edits of several annotations at once are one step for undo: the ops made
// while one of these lives form a group.
#pragma once

#include "client/core/annot/annotation_document.h"

namespace limn::app {

class GroupedEdit {
 public:
  explicit GroupedEdit(annot::Editor& editor) : m_editor(editor) { m_editor.beginGroup(); }
  ~GroupedEdit() { m_editor.endGroup(); }
  GroupedEdit(const GroupedEdit&) = delete;
  GroupedEdit& operator=(const GroupedEdit&) = delete;

 private:
  annot::Editor& m_editor;
};

}  // namespace limn::app
