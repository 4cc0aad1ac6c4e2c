// Group commit for either backend: transactions that arrive while another
// batch commits wait, then run together on the one writer connection, each
// in its own savepoint (a failing body rolls back only itself), under one
// COMMIT and so one fsync. Every caller returns only once its batch is
// durable, so acknowledging after transaction() never loses a write. A body
// that throws is rolled back like a failing one, the rest of its batch
// commits, and the exception reaches its own caller.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "sync-server/store/database.h"

namespace limn::server {

class GroupCommit {
 public:
  // `writer` runs statements directly on the writer connection; `begin` is
  // the backend's BEGIN ("BEGIN IMMEDIATE" for SQLite).
  GroupCommit(Database& writer, std::string begin) : m_writer(writer), m_begin(std::move(begin)) {}

  Status run(const std::function<Status(Database&)>& body);
  // True on the thread running a batch (bodies that open a transaction
  // themselves join the batch's).
  bool onCommitThread() const { return m_commitThread.load() == std::this_thread::get_id(); }

 private:
  // Each waiter sleeps on its own condition: a finished batch wakes only
  // its members and the next leader, not every waiting thread.
  struct Pending {
    const std::function<Status(Database&)>* body;
    Status result = okStatus();
    std::exception_ptr thrown;  // rethrown on the caller's own thread
    bool done = false;
    std::condition_variable wake;
  };
  void commit(std::deque<Pending*>& batch);

  Database& m_writer;
  std::string m_begin;
  std::mutex m_mutex;
  std::deque<Pending*> m_queue;
  bool m_committing = false;
  std::atomic<std::thread::id> m_commitThread{};
};

}  // namespace limn::server
