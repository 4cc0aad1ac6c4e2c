// A task and its project's keys as this person holds them: what every
// command that seals or opens a task's ops or images starts from.
#pragma once

#include <string>

#include "client/cli/server/project_keys.h"

namespace limn::cli {

struct TaskSync {
  ClientState state;
  keys::UserKeys mine;
  ProjectKeys keys;
  std::string task;  // the id as text
  std::string imageId;

  std::string path(const char* what) const { return "/api/v1/tasks/" + task + "/" + what; }
  std::string opsPath() const { return path("ops"); }
};

// Logged in, with this person's keys, the task (as the server shows it to
// them) and its project's keys.
Result<TaskSync> openTaskSync(const std::string& taskText);

}  // namespace limn::cli
