#include "sync-server/store/group_commit.h"

namespace limn::server {

Status GroupCommit::run(const std::function<Status(Database&)>& body) {
  if (onCommitThread()) return body(m_writer);
  Pending mine{&body};
  std::unique_lock lock(m_mutex);
  m_queue.push_back(&mine);
  while (!mine.done) {
    if (m_committing) {
      mine.wake.wait(lock);
      continue;
    }
    // Lead: take everything queued so far and commit it as one.
    m_committing = true;
    std::deque<Pending*> batch;
    batch.swap(m_queue);
    lock.unlock();
    commit(batch);
    lock.lock();
    m_committing = false;
    for (Pending* p : batch) {
      p->done = true;
      if (p != &mine) p->wake.notify_one();
    }
    if (!m_queue.empty()) m_queue.front()->wake.notify_one();  // the next leader
  }
  if (mine.thrown) std::rethrow_exception(mine.thrown);
  return mine.result;
}

void GroupCommit::commit(std::deque<Pending*>& batch) {
  if (auto s = m_writer.execScript(m_begin + ";"); !s) {
    for (Pending* p : batch) p->result = s;
    return;
  }
  m_commitThread = std::this_thread::get_id();
  bool anyOk = false;
  for (Pending* p : batch) {
    if (auto s = m_writer.execScript("SAVEPOINT limn_body;"); !s) {
      p->result = s;
      continue;
    }
    try {
      p->result = (*p->body)(m_writer);
    } catch (...) {
      // Not left to unwind through the batch: that would strand it open
      // and every later writer with it.
      p->thrown = std::current_exception();
      p->result = makeError(ErrorCode::kInternal, "the change failed");
    }
    if (!p->result) (void)m_writer.execScript("ROLLBACK TO SAVEPOINT limn_body;");
    (void)m_writer.execScript("RELEASE SAVEPOINT limn_body;");
    anyOk = anyOk || p->result.ok();
  }
  m_commitThread = std::thread::id{};
  Status committed = m_writer.execScript(anyOk ? "COMMIT;" : "ROLLBACK;");
  if (!committed) {
    (void)m_writer.execScript("ROLLBACK;");
    for (Pending* p : batch)
      if (p->result) p->result = committed;
  }
}

}  // namespace limn::server
