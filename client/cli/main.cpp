// limn: the native (and Node/wasm) command-line client over client/core.
#include <algorithm>
#include <cstdio>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#if !defined(__EMSCRIPTEN__)
#include <csignal>
#endif
#include <cstring>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "client/cli/command.h"
#include "shared/encoding/json_error.h"

namespace limn::cli {
namespace {

constexpr Command kCommands[] = {
    {"dicom info", "FILE|DIR...", "one JSON line per file: layout, modality, pixel_sha256", runDicomInfo},
    {"dicom pixels", "FILE --out RAW", "write the decoded samples behind pixel_sha256", runDicomPixels},
    {"dicom synth", "--out DIR [--size N] [--slices N] [--spacing X,Y,Z]",
     "write a synthetic CT phantom series (benchmarks, demos)", runDicomSynth},
    {"deid",
     "INPUT... --out DIR [--profile safe-harbor|basic] [--option NAME]... [--report FILE]\n"
     "        [--project-secret FILE] [--redact X,Y,W,H]... [--redact-templates FILE] [--release-burned-in] [--min-k N]\n"
     "        [--name-by-uid]",
     "de-identify files and folders (PS3.15 Basic Profile, HIPAA Safe Harbor) into DIR", runDeid},
    {"export", "--annotations FILE --images DIR --format coco|yolo|voc|dicom-seg|nifti --out DIR",
     "write an annotation file's annotations in an exchange format", runExport},
    {"import", "--format coco|yolo|voc|dicom-seg|nifti --in PATH --images DIR --schema FILE --out FILE",
     "read an export back into an annotation file (as pre-annotations)", runImport},
    {"bench", "[--corpus DIR] [--passes N] [--warmup SECONDS] [--no-browser]",
     "decode native vs wasm, browser first image and scroll figures, as JSON lines", runBench},
    {"login", "--server URL --user NAME --password-file FILE [--totp CODE | --recovery-code CODE] [--ca-file PEM]",
     "log in to a limn-server (state under $LIMN_HOME, default ~/.limn)", runLogin},
    {"logout", "", "end this client's session", runLogout},
    {"user accept", "--server URL --token TOKEN --user NAME --password-file FILE [--ca-file PEM]",
     "accept an invitation: create the account, print the TOTP secret and recovery codes", runUserAccept},
    {"user invite", "--project NAME --role annotator|reviewer|expert|admin [--qualification Q]... [--max-open-tasks N]",
     "invite a person to a project (prints a one-time token)", runUserInvite},
    {"user list", "", "every account with its projects, roles and qualifications (server admins)", runUserList},
    {"user disable", "--user NAME", "stop a person logging in and end their sessions (server admins)", runUserDisable},
    {"user enable", "--user NAME", "let a disabled person log in again (server admins)", runUserEnable},
    {"user revoke-sessions", "--user NAME", "end every session of a person at once (server admins)",
     runUserRevokeSessions},
    {"user change-password", "--password-file CURRENT --new-password-file NEW",
     "a new password for your keys (proves the current one; ends every session)", runUserChangePassword},
    {"user reset-token", "--user NAME [--expires-hours N]",
     "a one-time token for a person who lost their password (server admins)", runUserResetToken},
    {"user reset-password", "--server URL --token TOKEN --recovery-key-file FILE --new-password-file FILE [--ca-file PEM]",
     "set a new password with a reset token and your key recovery key", runUserResetPassword},
    {"keys fingerprint", "[--user NAME]", "a person's key fingerprint, to compare out of band", runKeysFingerprint},
    {"project create", "--name NAME --schema FILE [--review-rates 1,0.2] [--no-mfa]",
     "create a project (server admins)", runProjectCreate},
    {"project confirm-members", "--project NAME [--past-epochs]",
     "give members who joined the project's key, after showing their fingerprints", runProjectConfirmMembers},
    {"project keys", "--project NAME", "the project's key epochs you hold, and who still waits for one", runProjectKeys},
    {"project remove-member", "--project NAME --user NAME",
     "remove a member and start a new key epoch they do not hold (project admins)", runProjectRemoveMember},
    {"project set-policy", "--project NAME --image-relay on|off",
     "let members relay de-identified images, sealed (off by default; project admins)", runProjectSetPolicy},
    {"project rotate-key", "--project NAME", "start a new key epoch wrapped to the members who hold the current one",
     runProjectRotateKey},
    {"task create", "--project NAME (--image-id ID... | --image-ids-file FILE) [--qualification Q] [--deadline UNIX_SECONDS]",
     "create tasks for de-identified images (several: one batch, all or none)", runTaskCreate},
    {"task assign", "--task ID (--user NAME | --round-robin)", "assign a task (project admins)", runTaskAssign},
    {"task list", "[--project NAME]", "the tasks you may see", runTaskList},
    {"task start", "--task ID", "resume a task returned for rework", runTaskStart},
    {"task submit", "--task ID", "submit your task for review", runTaskSubmit},
    {"task accept", "--task ID", "accept a task in review at your level", runTaskAccept},
    {"task return", "--task ID", "return a task in review for rework", runTaskReturn},
    {"sync push", "--task ID --annotations FILE [--adopt] [--batch N]",
     "seal an annotation file's ops and push them to a task (idempotent: run again after a failure)", runSyncPush},
    {"sync pull", "--task ID --out FILE [--schema FILE]",
     "pull a task's ops, check and open every one, write the annotation file", runSyncPull},
    {"sync seal", "--task ID --annotations FILE --out FILE",
     "seal an annotation file's ops for a task without pushing them (a request body to send later)", runSyncSeal},
    {"sync put-image", "--task ID --file DICOM [--name NAME]",
     "relay a de-identified image to a task's members, sealed (where the project allows it)", runSyncPutImage},
    {"sync get-image", "--task ID --name NAME --out FILE", "fetch, check and open a relayed image", runSyncGetImage},
    {"sync images", "--task ID", "the images relayed for a task", runSyncImages},
    {"sync watch", "--task ID [--after SEQ] [--count N]", "print a task's ops as JSON lines as they arrive",
     runSyncWatch},
    {"audit export", "--out FILE", "the whole audit log with its signed checkpoint (server admins)", runAuditExport},
    {"audit verify", "FILE [--public-key HEX] [--older-export]",
     "check an export: names modified, deleted, inserted, reordered or truncated entries", runAuditVerify},
    {"audit review", "[--month YYYY-MM]", "the month's entries with unusual access flagged (server admins)",
     runAuditReview},
    {"audit record", "--action ACTION [--resource R] [--detail JSON] [--count N] [--print-only]",
     "add what only this client saw (an export, a de-identification) to the site's log, signed by you", runAuditRecord},
};

void printHelp(std::FILE* out) {
  std::fprintf(out, "limn %s: Limn command-line client\n\nusage:\n", LIMN_VERSION);
  for (const Command& c : kCommands) std::fprintf(out, "  limn %s %s\n      %s\n", c.words, c.usage, c.summary);
  std::fprintf(out, "  limn version\n\nEvery command exits 0 on success and 1 with a one-line reason on failure;\n"
                   "server commands take --json for machine-readable output.\n");
}

// Matches the longest command whose words start argv; returns the count used.
const Command* findCommand(const std::vector<std::string>& words, std::size_t& used) {
  for (const Command& c : kCommands) {
    std::vector<std::string> cw;
    for (const char* p = c.words; *p;) {
      const char* sp = std::strchr(p, ' ');
      std::size_t n = sp ? std::size_t(sp - p) : std::strlen(p);
      cw.emplace_back(p, n);
      p += n + (sp ? 1 : 0);
    }
    if (cw.size() <= words.size() && std::equal(cw.begin(), cw.end(), words.begin())) {
      used = cw.size();
      return &c;
    }
  }
  return nullptr;
}

}  // namespace
}  // namespace limn::cli

int main(int argc, char** argv) {
  using namespace limn::cli;
#if defined(__GLIBC__)
  // Decoded images are large: by default glibc maps and unmaps each one,
  // and the page faults of fresh mappings cost more than decoding an
  // uncompressed slice. Keep freed memory for reuse, as a wasm heap does.
  mallopt(M_MMAP_THRESHOLD, 64 << 20);
  mallopt(M_TRIM_THRESHOLD, 128 << 20);
#endif
#if !defined(__EMSCRIPTEN__)
  // A server that goes away mid-request must end in a clear error, not
  // kill the client: TLS writes to a closed socket would raise SIGPIPE.
  std::signal(SIGPIPE, SIG_IGN);
#endif
  std::vector<std::string> words(argv + 1, argv + argc);
  if (words.empty() || words[0] == "help" || words[0] == "--help" || words[0] == "-h") {
    printHelp(words.empty() ? stderr : stdout);
    return words.empty() ? kExitUsage : kExitOk;
  }
  if (words[0] == "version" || words[0] == "--version") {
    std::printf("limn %s\n", LIMN_VERSION);
    return kExitOk;
  }
  std::size_t used = 0;
  const Command* cmd = findCommand(words, used);
  if (!cmd) {
    // "limn dicom frobnicate": name the subcommands the first word has.
    std::string known;
    for (const Command& c : kCommands)
      if (std::string_view(c.words).starts_with(words[0] + " ")) known += (known.empty() ? "" : ", ") + std::string(c.words);
    if (!known.empty())
      std::fprintf(stderr, "limn: '%s' wants one of: %s (see 'limn help')\n",
                   (words[0] + (words.size() > 1 ? " " + words[1] : "")).c_str(), known.c_str());
    else
      std::fprintf(stderr, "limn: unknown command '%s' (see 'limn help')\n", words[0].c_str());
    return kExitUsage;
  }
  // A server reply or a file of an unexpected shape (nlohmann throws on a
  // field of another type) still ends in one line and a failing status.
  try {
    return cmd->run(std::vector<std::string>(words.begin() + used, words.end()));
  } catch (const nlohmann::json::exception& e) {
    std::fprintf(stderr, "limn %s: unexpected JSON: %s\n", cmd->words, limn::jsonErrorText(e).c_str());
    return kExitFailed;
  }
}
