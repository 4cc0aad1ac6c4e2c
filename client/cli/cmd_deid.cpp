// `limn deid INPUT... --out DIR [--profile safe-harbor|basic] [--option NAME]...
//  [--report FILE] [--project-secret FILE] [--redact X,Y,W,H]...
//  [--redact-templates FILE] [--release-burned-in] [--min-k N]`
//
// De-identifies files and folders into DIR, mirroring each input folder's
// tree (a file input lands at DIR/its-name). Unreadable inputs are reported
// and skipped; exit status 1 says something was refused or unreadable.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>

#include "client/cli/command.h"
#include "client/cli/input_files.h"
#include "client/core/deid/deid_config_json.h"
#include "client/core/deid/deidentifier.h"
#include "shared/io/file_bytes.h"
#include "shared/cli/args.h"

namespace limn::cli {

namespace {

namespace fs = std::filesystem;

struct Job {
  std::string input;
  fs::path relative;  // where it goes under --out
};

std::vector<Job> listJobs(const std::vector<std::string>& inputs) {
  std::vector<Job> jobs;
  for (const std::string& in : inputs) {
    std::error_code ec;
    const bool folder = fs::is_directory(in, ec);
    for (const std::string& f : expandInputs({in}))
      jobs.push_back({f, folder ? fs::relative(f, in, ec) : fs::path(in).filename()});
  }
  return jobs;
}

// Before anything is written: --out must be a folder, and no de-identified
// copy may land on its own input (the original would be lost) or on
// another's copy (two inputs of one name, from two folders). Copies named
// by UID are checked as they are written.
Status checkTargets(const std::vector<Job>& jobs, const fs::path& out, bool byUid) {
  std::error_code ec;
  if (fs::exists(out, ec) && !fs::is_directory(out, ec))
    return makeError(ErrorCode::kInvalidArgument, "--out " + out.string() + " is a file, not a folder");
  if (byUid) return okStatus();
  std::map<fs::path, const std::string*> written;
  for (const Job& job : jobs) {
    const fs::path target = (out / job.relative).lexically_normal();
    if (fs::equivalent(target, job.input, ec))
      return makeError(ErrorCode::kInvalidArgument, job.input + " would be replaced by its de-identified copy: " +
                                                        "give an --out folder apart from the inputs");
    const auto [at, fresh] = written.emplace(fs::weakly_canonical(target, ec), &job.input);
    if (!fresh)
      return makeError(ErrorCode::kInvalidArgument, *at->second + " and " + job.input + " would both be written to " +
                                                        target.string() + ": de-identify them into separate folders");
  }
  return okStatus();
}

Result<deid::DeidConfig> configFrom(const Args& args) {
  deid::DeidConfig config;
  if (auto p = args.value("profile")) {
    auto profile = deid::parseProfileName(*p);
    if (!profile) return profile.error();
    config.profile = *profile;
  }
  for (const std::string& name : args.values("option")) {
    auto o = deid::parseOptionName(name);
    if (!o) return o.error();
    config.options.set(static_cast<std::size_t>(*o));
  }
  if (auto secretPath = args.value("project-secret")) {
    auto secret = io::readFileBytes(*secretPath);
    if (!secret) return secret.error();
    auto key = deid::projectKeyFromSecret(*secret);
    if (!key) return key.error();
    config.key = *key;
    config.keyIsEphemeral = false;
  } else {
    config.key = deid::ephemeralProjectKey();
  }
  for (const std::string& text : args.values("redact")) {
    auto box = deid::parseRedactionBox(text);
    if (!box) return box.error();
    config.burnedIn.boxes.push_back(*box);
  }
  if (auto path = args.value("redact-templates")) {
    auto bytes = io::readFileBytes(*path);
    if (!bytes) return bytes.error();
    auto templates = deid::redactionTemplatesFromJson({reinterpret_cast<const char*>(bytes->data()), bytes->size()});
    if (!templates) return makeError(ErrorCode::kInvalidArgument, *path + ": " + templates.error().message);
    config.burnedIn.templates = std::move(*templates);
  }
  config.burnedIn.releaseReviewed = args.has("release-burned-in");
  auto k = args.integer("min-k", config.minK, 1, 1000000);
  if (!k) return k.error();
  config.minK = static_cast<std::uint32_t>(*k);
  return config;
}

}  // namespace

int runDeid(const std::vector<std::string>& words) {
  auto args = Args::parse(words, {"release-burned-in", "name-by-uid"},
                          {"out", "profile", "option", "report", "project-secret", "redact", "redact-templates", "min-k"});
  if (!args || args->positional().empty() || !args->value("out")) {
    if (!args) std::fprintf(stderr, "limn deid: %s\n", args.error().message.c_str());
    std::fprintf(stderr,
                 "usage: limn deid INPUT... --out DIR [--profile safe-harbor|basic] [--option NAME]...\n"
                 "         [--report FILE] [--project-secret FILE] [--redact X,Y,W,H]...\n"
                 "         [--redact-templates FILE] [--release-burned-in] [--min-k N] [--name-by-uid]\n");
    return kExitUsage;
  }
  auto config = configFrom(*args);
  if (!config) {
    std::fprintf(stderr, "limn deid: %s\n", config.error().message.c_str());
    return kExitUsage;
  }
  const fs::path out = *args->value("out");
  const std::vector<Job> jobs = listJobs(args->positional());
  const bool byUid = args->has("name-by-uid");
  std::map<fs::path, std::string> writtenByUid;  // --name-by-uid: which input each name holds
  if (Status s = checkTargets(jobs, out, byUid); !s) {
    std::fprintf(stderr, "limn deid: %s\n", s.error().message.c_str());
    return kExitFailed;
  }
  std::vector<deid::FileReport> reports;
  reports.reserve(jobs.size());
  const auto start = std::chrono::steady_clock::now();
  auto lastProgress = start;
  std::uint64_t inputBytes = 0;
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    const Job& job = jobs[i];
    deid::FileReport report;
    auto bytes = io::readFileBytes(job.input);
    if (bytes) inputBytes += bytes->size();
    auto result = bytes ? deid::deidentifyDicom(*bytes, *config) : Result<deid::DeidResult>(bytes.error());
    if (!result) {
      report.status = deid::FileStatus::kUnreadable;
      report.reason = result.error().message;
    } else {
      report = std::move(result->report);
      if (report.status == deid::FileStatus::kDeidentified) {
        // By UID: STUDY/SERIES/INSTANCE.dcm, names that hold nothing of the
        // input's folders and file names (nor two copies of one instance).
        const auto named = [](const std::string& uid) { return uid.empty() ? std::string("no-uid") : uid; };
        const fs::path target =
            byUid ? out / named(report.studyUid) / named(report.seriesUid) / (named(report.instanceUid) + ".dcm")
                  : out / job.relative;
        const auto [held, fresh] = byUid ? writtenByUid.emplace(target, job.input)
                                         : std::pair{writtenByUid.end(), true};
        if (!fresh) {
          report.status = deid::FileStatus::kRefused;
          report.reason = "the same SOP Instance UID as " + held->second + ", written as " + target.string();
        } else if (Status s = io::writeFileAtomically(target.string(), result->bytes); !s) {
          report.status = deid::FileStatus::kRefused;
          report.reason = s.error().message;
        } else {
          report.output = target.string();
        }
      }
    }
    report.input = job.input;
    if (report.status != deid::FileStatus::kDeidentified)
      std::fprintf(stderr, "limn deid: %s: %s: %s\n", job.input.c_str(),
                   std::string(deid::fileStatusName(report.status)).c_str(), report.reason.c_str());
    reports.push_back(std::move(report));
    const auto now = std::chrono::steady_clock::now();
    if (now - lastProgress > std::chrono::seconds(1) || i + 1 == jobs.size()) {
      std::fprintf(stderr, "limn deid: %zu/%zu files\n", i + 1, jobs.size());
      lastProgress = now;
    }
  }
  // Reading, de-identifying and writing every file; not start-up.
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const std::string reportJson = deid::datasetReportJson(reports, *config);
  if (auto path = args->value("report")) {
    if (Status s = io::writeFileAtomically(*path, {reinterpret_cast<const std::uint8_t*>(reportJson.data()), reportJson.size()}); !s) {
      std::fprintf(stderr, "limn deid: %s\n", s.error().message.c_str());
      return kExitFailed;
    }
  }
  const deid::KAnonymity k = deid::kAnonymity(reports, config->minK);
  std::size_t counts[3] = {0, 0, 0};
  for (const deid::FileReport& r : reports) ++counts[static_cast<int>(r.status)];
  std::printf("{\"files\":%zu,\"deidentified\":%zu,\"refused\":%zu,\"unreadable\":%zu,\"k\":%zu,\"patients\":%zu,"
              "\"input_bytes\":%llu,\"seconds\":%.6f}\n",
              reports.size(), counts[0], counts[1], counts[2], k.k, k.patients,
              static_cast<unsigned long long>(inputBytes), seconds);
  if (k.belowThreshold)
    std::fprintf(stderr, "limn deid: warning: k-anonymity %zu is below %u (see the report)\n", k.k, config->minK);
  return counts[1] + counts[2] ? kExitFailed : kExitOk;
}

}  // namespace limn::cli
