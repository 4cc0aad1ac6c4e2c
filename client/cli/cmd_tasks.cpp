// `limn project create`, `limn task create|assign|list|start|submit|accept|return`.
#include <cstdio>

#include "client/cli/command.h"
#include "client/cli/server/project_keys.h"
#include "client/cli/server/server_command.h"
#include "shared/io/file_bytes.h"
#include "shared/cli/args.h"
#include "shared/crypto/base64.h"
#include "shared/crypto/sha256.h"
#include "shared/keys/epoch_key_wrap.h"
#include "shared/protocol/published_keys.h"

namespace limn::cli {

namespace {

std::string taskLine(const nlohmann::json& t) {
  std::string line = "task " + std::to_string(t.value("id", 0)) + "  " + t.value("image_id", "") + "  " +
                     t.value("state", "");
  if (t.value("state", "") == "in_review") line += " (level " + std::to_string(t.value("review_level", 0)) + ")";
  if (t.contains("assignee") && t["assignee"].is_string()) line += "  " + t["assignee"].get<std::string>();
  if (t.value("overdue", false)) line += "  OVERDUE";
  return line;
}

// "1,0.2": one sampling rate per review level, each in [0, 1].
Result<std::vector<double>> parseRates(const std::string& text) {
  std::vector<double> out;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    const std::size_t comma = text.find(',', pos);
    auto rate = parseNumber(text.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos),
                            "each of --review-rates", 0, 1);
    if (!rate) return rate.error();
    out.push_back(*rate);
    if (comma == std::string::npos) break;
    pos = comma + 1;
  }
  return out;
}

}  // namespace

int runProjectCreate(const std::vector<std::string>& words) {
  const std::string cmd = "project create";
  auto args = Args::parse(words, {"json", "no-mfa"}, {"name", "schema", "review-rates"});
  if (!args || !args->value("name") || !args->value("schema"))
    return commandUsage(cmd, "--name NAME --schema FILE [--review-rates 1,0.2] [--no-mfa] [--json]");
  auto rates = parseRates(args->value("review-rates").value_or("1"));
  if (!rates) return commandBadArgument(cmd, rates.error());
  auto state = requireLogin();
  if (!state) return commandFailed(cmd, state.error());
  // Only the schema's digest goes to the server; the schema itself (label
  // names are content) travels between clients encrypted.
  auto schema = io::readFileBytes(*args->value("schema"));
  if (!schema) return commandFailed(cmd, schema.error());
  if (nlohmann::json::parse(schema->begin(), schema->end(), nullptr, false).is_discarded())
    return commandFailed(cmd, makeError(ErrorCode::kInvalidArgument, *args->value("schema") + " is not JSON"));
  nlohmann::json body = {{"name", *args->value("name")},
                         {"schema_sha256", crypto::toHex(crypto::sha256(*schema))},
                         {"require_mfa", !args->has("no-mfa")}};
  if (args->value("review-rates")) body["review_rates"] = *rates;
  auto mine = loadMyKeys(state->user);
  if (!mine) return commandFailed(cmd, mine.error());
  auto reply = callAsUser(*state, "POST", "/api/v1/projects", body);
  if (!reply) return commandFailed(cmd, reply.error());
  // The project's first key, made here and wrapped to its creator only;
  // members get it when a key holder confirms them.
  auto projectKeys = loadProjectKeys(*state, *mine, reply->value("name", ""));
  if (!projectKeys) return commandFailed(cmd, projectKeys.error());
  auto epoch = startEpoch(*state, *projectKeys, sync::nextEpochRequest(*projectKeys, state->user, *mine, {}));
  if (!epoch) return commandFailed(cmd, epoch.error());
  (*reply)["key_epoch"] = *epoch;
  return commandDone(args->has("json"), *reply,
                     "Created project " + reply->value("name", "") + " with its first key (epoch 1).");
}

int runTaskCreate(const std::vector<std::string>& words) {
  const std::string cmd = "task create";
  const std::string usage =
      "--project NAME (--image-id ID... | --image-ids-file FILE) [--qualification Q] [--deadline UNIX_SECONDS] [--json]";
  auto args = Args::parse(words, {"json"}, {"project", "image-id", "image-ids-file", "qualification", "deadline"});
  if (!args || !args->value("project") || (!args->value("image-id") && !args->value("image-ids-file")))
    return commandUsage(cmd, usage);
  std::vector<std::string> images = args->values("image-id");
  if (auto file = args->value("image-ids-file")) {  // one id per line, a batch
    auto bytes = io::readFileBytes(*file);
    if (!bytes) return commandFailed(cmd, bytes.error());
    std::string line;
    for (char c : std::string(bytes->begin(), bytes->end()) + "\n") {
      if (c != '\n' && c != '\r') {
        line += c;
      } else if (!line.empty()) {
        images.push_back(line);
        line.clear();
      }
    }
  }
  auto deadline = args->integer("deadline", 0, 0, INT64_MAX);  // the server says how far ahead
  if (!deadline) return commandBadArgument(cmd, deadline.error());
  auto state = requireLogin();
  if (!state) return commandFailed(cmd, state.error());
  nlohmann::json body;
  if (images.size() == 1) body["image_id"] = images[0];
  else body["image_ids"] = images;
  if (auto q = args->value("qualification")) body["required_qualification"] = *q;
  if (args->value("deadline")) body["deadline"] = *deadline;
  auto reply = callAsUser(*state, "POST", "/api/v1/projects/" + urlSegment(*args->value("project")) + "/tasks", body);
  if (!reply) return commandFailed(cmd, reply.error());
  if (images.size() == 1) return commandDone(args->has("json"), *reply, "Created " + taskLine(*reply));
  return commandDone(args->has("json"), *reply, "Created " + std::to_string((*reply)["tasks"].size()) + " tasks.");
}

int runTaskAssign(const std::vector<std::string>& words) {
  const std::string cmd = "task assign";
  auto args = Args::parse(words, {"json", "round-robin"}, {"task", "user"});
  if (!args || !args->value("task") || (!args->value("user") && !args->has("round-robin")))
    return commandUsage(cmd, "--task ID (--user NAME | --round-robin) [--json]");
  auto state = requireLogin();
  if (!state) return commandFailed(cmd, state.error());
  nlohmann::json body = args->value("user") ? nlohmann::json{{"user", *args->value("user")}, {"policy", "manual"}}
                                            : nlohmann::json{{"policy", "round_robin"}};
  auto reply = callAsUser(*state, "POST", "/api/v1/tasks/" + urlSegment(*args->value("task")) + "/assign", body);
  if (!reply) return commandFailed(cmd, reply.error());
  return commandDone(args->has("json"), *reply, "Assigned " + taskLine(*reply));
}

int runTaskList(const std::vector<std::string>& words) {
  const std::string cmd = "task list";
  auto args = Args::parse(words, {"json"}, {"project"});
  if (!args) return commandUsage(cmd, "[--project NAME] [--json]");
  auto state = requireLogin();
  if (!state) return commandFailed(cmd, state.error());
  std::vector<std::string> projects;
  if (auto p = args->value("project")) {
    projects.push_back(*p);
  } else {
    auto mine = callAsUser(*state, "GET", "/api/v1/projects");
    if (!mine) return commandFailed(cmd, mine.error());
    for (const auto& p : (*mine)["projects"]) projects.push_back(p.value("name", ""));
  }
  nlohmann::json all = nlohmann::json::array();
  std::string human;
  for (const std::string& p : projects) {
    auto reply = callAsUser(*state, "GET", "/api/v1/projects/" + urlSegment(p) + "/tasks");
    if (!reply) return commandFailed(cmd, reply.error());
    for (auto t : (*reply)["tasks"]) {
      t["project"] = p;
      human += p + "  " + taskLine(t) + "\n";
      all.push_back(t);
    }
  }
  if (!human.empty()) human.pop_back();
  return commandDone(args->has("json"), nlohmann::json{{"tasks", all}}, human.empty() ? "No tasks." : human);
}

int runTaskMove(const std::string& action, const std::vector<std::string>& words) {
  const std::string cmd = "task " + action;
  auto args = Args::parse(words, {"json"}, {"task"});
  if (!args || !args->value("task")) return commandUsage(cmd, "--task ID [--json]");
  auto state = requireLogin();
  if (!state) return commandFailed(cmd, state.error());
  auto reply = callAsUser(*state, "POST", "/api/v1/tasks/" + urlSegment(*args->value("task")) + "/" + action,
                          nlohmann::json::object());
  if (!reply) return commandFailed(cmd, reply.error());
  return commandDone(args->has("json"), *reply, taskLine(*reply));
}

int runTaskStart(const std::vector<std::string>& w) { return runTaskMove("start", w); }
int runTaskSubmit(const std::vector<std::string>& w) { return runTaskMove("submit", w); }
int runTaskAccept(const std::vector<std::string>& w) { return runTaskMove("accept", w); }
int runTaskReturn(const std::vector<std::string>& w) { return runTaskMove("return", w); }

}  // namespace limn::cli

namespace limn::cli {

// Shows each member who lacks the current key with their fingerprint, and
// wraps the current epoch (and with --past-epochs every earlier one this
// person holds) to them.
int runProjectConfirmMembers(const std::vector<std::string>& words) {
  const std::string cmd = "project confirm-members";
  auto args = Args::parse(words, {"json", "past-epochs"}, {"project"});
  if (!args || !args->value("project")) return commandUsage(cmd, "--project NAME [--past-epochs] [--json]");
  auto session = openProjectKeys(*args->value("project"));
  if (!session) return commandFailed(cmd, session.error());
  auto& [state, mine, projectKeys] = *session;
  if (!projectKeys.held.count(projectKeys.currentEpoch))
    return commandFailed(cmd, makeError(ErrorCode::kForbidden, "forbidden: you do not hold the project's current key"));
  nlohmann::json confirmed = nlohmann::json::array();
  std::string human;
  const auto waiting = sync::waitingMembers(projectKeys.status);
  for (const sync::MemberKeys& m : waiting) {
    human += "Confirmed " + m.name + "  " + m.fingerprint + "\n";
    confirmed.push_back({{"user", m.name}, {"fingerprint", m.fingerprint}});
  }
  for (const nlohmann::json& body : sync::confirmationWraps(projectKeys, waiting, mine.signing, args->has("past-epochs"))) {
    auto reply = callAsUser(state, "POST", "/api/v1/projects/" + urlSegment(projectKeys.project) + "/key-wraps", body);
    if (!reply) return commandFailed(cmd, reply.error());
  }
  if (human.empty()) human = "Every member already holds the current key.\n";
  human.pop_back();
  return commandDone(args->has("json"), {{"project", projectKeys.project}, {"epoch", projectKeys.currentEpoch}, {"confirmed", confirmed}},
                     human + "\nCompare each fingerprint with the person before trusting their work.");
}

int runProjectKeys(const std::vector<std::string>& words) {
  const std::string cmd = "project keys";
  auto args = Args::parse(words, {"json"}, {"project"});
  if (!args || !args->value("project")) return commandUsage(cmd, "--project NAME [--json]");
  auto session = openProjectKeys(*args->value("project"));
  if (!session) return commandFailed(cmd, session.error());
  const ProjectKeys& projectKeys = session->keys;
  nlohmann::json held = nlohmann::json::array();
  for (const auto& [epoch, key] : projectKeys.held) held.push_back(epoch);
  std::string waiting;
  for (const auto& [name, member] : projectKeys.status["members"].items())
    if (!member.value("holds_current", false)) waiting += (waiting.empty() ? "" : ", ") + name;
  return commandDone(args->has("json"),
                     {{"project", projectKeys.project}, {"current_epoch", projectKeys.currentEpoch}, {"held_epochs", held}},
                     projectKeys.project + ": current key epoch " + std::to_string(projectKeys.currentEpoch) + "; you hold " +
                         std::to_string(projectKeys.held.size()) + " (" + held.dump() + ")" +
                         (waiting.empty() ? "" : "; waiting for a key: " + waiting));
}

}  // namespace limn::cli
