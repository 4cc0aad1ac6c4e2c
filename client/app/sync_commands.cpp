// Live sync commands: unlocking this person's keys, binding the document to
// a task's op log, folding in what is pulled and handing new ops, sealed,
// to the page to push.
#include "client/app/app.h"

namespace limn::app {

Status App::syncUnlock(const std::string& user, const std::string& publishedKeysJson, const std::string& kekHex,
                       const std::string& rememberedKeysJson) {
  const auto published = nlohmann::json::parse(publishedKeysJson, nullptr, false);
  const auto remembered = nlohmann::json::parse(rememberedKeysJson, nullptr, false);
  if (auto s = m_sync.unlock(user, published, kekHex, remembered); !s) return s;
  setAuthor(user);
  return okStatus();
}

void App::syncLock() {
  const bool wasBound = m_sync.bound();
  m_sync.lock();
  if (!wasBound) return;
  m_annot.editor.emplace(m_annot.author, m_annot.schema.guidelineVersion);
  m_annot.selected.clear();
  annotationsChanged();
}

Status App::syncBind(const std::string& configJson) {
  const auto config = nlohmann::json::parse(configJson, nullptr, false);
  if (!config.is_object() || !config.contains("task") || !config.contains("keys"))
    return makeError(ErrorCode::kInvalidArgument, "a sync binding names a task and its project's keys");
  const std::string task = config["task"].is_string() ? config["task"].get<std::string>() : config["task"].dump();
  if (auto s = m_sync.bind(task, config.value("image_id", ""), config["keys"]); !s) return s;
  // The task's document starts empty here and fills from its op log; new
  // ops are numbered in a lane of this session's own (shared/sync/op_lane.h).
  m_annot.editor.emplace(m_sync.user(), m_annot.schema.guidelineVersion);
  m_annot.selected.clear();
  annotationsChanged();
  return okStatus();
}

std::string App::syncStateJson() const {
  nlohmann::json j = m_sync.stateJson();
  // The lane this session numbers its ops in: the page's long poll says it,
  // so the person's edits from elsewhere end the wait and these do not.
  if (m_sync.bound() && m_annot.editor) j["lane"] = m_annot.editor->lane();
  return j.dump();
}

void App::syncIncoming(const std::string& replyJson) {
  auto ops = m_sync.incoming(nlohmann::json::parse(replyJson, nullptr, false));
  if (!ops) {
    annotationsChanged("sync stopped: " + ops.error().message);
    return;
  }
  if (ops->empty() || !m_annot.editor) return;
  m_annot.editor->receive(std::move(*ops));
  annotationsChanged();
}

void App::syncOutgoing() {
  if (!m_sync.bound() || !m_annot.editor) return;
  const nlohmann::json envelopes = m_sync.outgoing(m_annot.editor->document());
  if (!envelopes.empty() && m_platform.syncPush) m_platform.syncPush(envelopes.dump().c_str());
}

}  // namespace limn::app
