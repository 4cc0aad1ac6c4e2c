// One CLI command: `limn <words...> [args]`. Each command lives in its own
// cmd_*.cpp and is listed once in main.cpp.
#pragma once

#include <string>
#include <vector>

namespace limn::cli {

// Returns the process exit status: 0 success, 1 some input failed, 2 usage.
using CommandFn = int (*)(const std::vector<std::string>& args);

struct Command {
  const char* words;    // e.g. "dicom info"
  const char* usage;    // arguments after the words
  const char* summary;  // one line for `limn help`
  CommandFn run;
};

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;
inline constexpr int kExitUsage = 2;

int runDicomInfo(const std::vector<std::string>& args);
int runDicomPixels(const std::vector<std::string>& args);
int runDicomSynth(const std::vector<std::string>& args);
int runDeid(const std::vector<std::string>& args);
int runExport(const std::vector<std::string>& args);
int runImport(const std::vector<std::string>& args);
int runBench(const std::vector<std::string>& args);
int runLogin(const std::vector<std::string>& args);
int runLogout(const std::vector<std::string>& args);
int runUserAccept(const std::vector<std::string>& args);
int runUserInvite(const std::vector<std::string>& args);
int runUserRevokeSessions(const std::vector<std::string>& args);
int runUserList(const std::vector<std::string>& args);
int runUserDisable(const std::vector<std::string>& args);
int runUserEnable(const std::vector<std::string>& args);
int runKeysFingerprint(const std::vector<std::string>& args);
int runProjectConfirmMembers(const std::vector<std::string>& args);
int runProjectRemoveMember(const std::vector<std::string>& args);
int runProjectRotateKey(const std::vector<std::string>& args);
int runSyncPush(const std::vector<std::string>& args);
int runProjectSetPolicy(const std::vector<std::string>& args);
int runSyncPutImage(const std::vector<std::string>& args);
int runSyncGetImage(const std::vector<std::string>& args);
int runSyncImages(const std::vector<std::string>& args);
int runUserChangePassword(const std::vector<std::string>& args);
int runUserResetToken(const std::vector<std::string>& args);
int runUserResetPassword(const std::vector<std::string>& args);
int runSyncPull(const std::vector<std::string>& args);
int runSyncSeal(const std::vector<std::string>& args);
int runSyncWatch(const std::vector<std::string>& args);
int runProjectKeys(const std::vector<std::string>& args);
int runProjectCreate(const std::vector<std::string>& args);
int runTaskCreate(const std::vector<std::string>& args);
int runTaskAssign(const std::vector<std::string>& args);
int runTaskList(const std::vector<std::string>& args);
int runTaskStart(const std::vector<std::string>& args);
int runTaskSubmit(const std::vector<std::string>& args);
int runTaskAccept(const std::vector<std::string>& args);
int runTaskReturn(const std::vector<std::string>& args);
int runAuditExport(const std::vector<std::string>& args);
int runAuditVerify(const std::vector<std::string>& args);
int runAuditReview(const std::vector<std::string>& args);
int runAuditRecord(const std::vector<std::string>& args);

}  // namespace limn::cli
