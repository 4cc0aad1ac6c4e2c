#include "client/cli/server/task_sync.h"

#include "client/cli/server/server_command.h"

namespace limn::cli {

Result<TaskSync> openTaskSync(const std::string& taskText) {
  if (taskText.empty() || taskText.find_first_not_of("0123456789") != std::string::npos)
    return makeError(ErrorCode::kInvalidArgument, "task ids are numbers");
  auto state = requireLogin();
  if (!state) return state.error();
  auto mine = loadMyKeys(state->user);
  if (!mine) return mine.error();
  auto task = callAsUser(*state, "GET", "/api/v1/tasks/" + taskText);
  if (!task) return task.error();
  auto keys = loadProjectKeys(*state, *mine, task->value("project", ""));
  if (!keys) return keys.error();
  return TaskSync{std::move(*state), std::move(*mine), std::move(*keys), taskText, task->value("image_id", "")};
}

}  // namespace limn::cli
