#include "shared/audit/audit_entry.h"

#include "shared/encoding/hex.h"

#include <chrono>
#include <cstdio>
#include <ctime>

namespace limn::audit {

namespace {
void appendBigEndian(std::vector<std::uint8_t>& out, std::uint64_t v) {
  for (int i = 7; i >= 0; --i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}
void appendText(std::vector<std::uint8_t>& out, std::string_view text) {
  out.insert(out.end(), text.begin(), text.end());
  out.push_back(0);
}
}  // namespace

std::string encodeEntry(std::uint64_t seq, const AuditEvent& e) {
  // nlohmann::json objects keep keys sorted: the encoding is canonical.
  const nlohmann::json j = {{"seq", seq},           {"time", e.time},         {"actor", e.actor},
                            {"action", e.action},   {"resource", e.resource}, {"address", e.address},
                            {"outcome", e.outcome}, {"detail", e.detail}};
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::vector<std::uint8_t> entrySigningMessage(std::uint64_t seq, const Hash& leaf) {
  std::vector<std::uint8_t> out;
  appendText(out, kEntryFormat);
  appendBigEndian(out, seq);
  out.insert(out.end(), leaf.begin(), leaf.end());
  return out;
}

std::vector<std::uint8_t> checkpointSigningMessage(std::uint64_t size, const Hash& root, const std::string& time) {
  std::vector<std::uint8_t> out;
  appendText(out, kCheckpointFormat);
  appendBigEndian(out, size);
  out.insert(out.end(), root.begin(), root.end());
  appendText(out, time);
  return out;
}

std::string auditTimeNow() {
  using namespace std::chrono;
  const auto now = system_clock::now();
  const std::time_t t = system_clock::to_time_t(now);
  const auto ms = duration_cast<milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms));
  return buf;
}

nlohmann::json checkpointToJson(const Checkpoint& c) {
  return {{"size", c.size}, {"root", crypto::toHex(c.root)}, {"time", c.time},
          {"signature", crypto::toHex(c.signature)}};
}

bool checkpointFromJson(const nlohmann::json& j, Checkpoint& out) {
  if (!j.is_object() || !j.contains("size") || !j["size"].is_number_unsigned() || !j.contains("root") ||
      !j["root"].is_string() || !j.contains("time") || !j["time"].is_string() || !j.contains("signature") ||
      !j["signature"].is_string())
    return false;
  out.size = j["size"].get<std::uint64_t>();
  out.time = j["time"].get<std::string>();
  return hexToBytes(j["root"].get<std::string>(), out.root) && hexToBytes(j["signature"].get<std::string>(), out.signature);
}

bool verifyCheckpoint(const Checkpoint& c, const crypto::SigningPublicKey& key) {
  return crypto::verifySignature(key, checkpointSigningMessage(c.size, c.root, c.time), c.signature);
}

}  // namespace limn::audit
