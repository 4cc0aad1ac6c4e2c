// `limn deid INPUT... --out DIR [--profile safe-harbor|basic] [--option NAME]...
//  [--report FILE] [--project-secret FILE] [--redact X,Y,W,H]...
//  [--redact-templates FILE] [--release-burned-in] [--min-k N] [--name-by-uid]`
//
// De-identifies files and folders into DIR, mirroring each input folder's
// tree (a file input lands at DIR/its-name), or by the copies' new UIDs
// (DIR/STUDY/SERIES/INSTANCE.dcm). Unreadable inputs are reported
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

// Where the copies go. Nothing read may be overwritten: not an input by
// any copy (its own, or another's landing on it), not one copy by another
// (two inputs of one name from two folders, two copies of one instance).
class Targets {
 public:
  Targets(const std::vector<Job>& jobs, fs::path out, bool byUid) : m_out(std::move(out)), m_byUid(byUid) {
    std::error_code ec;
    for (const Job& job : jobs) m_inputs.emplace(fs::weakly_canonical(job.input, ec), job.input);
  }

  // Before anything is written: --out is a folder, and the mirrored names
  // (known from the inputs alone) overwrite nothing.
  Status checkAll(const std::vector<Job>& jobs) {
    std::error_code ec;
    if (fs::exists(m_out, ec) && !fs::is_directory(m_out, ec))
      return makeError(ErrorCode::kInvalidArgument, "--out " + m_out.string() + " is a file, not a folder");
    if (m_byUid) return okStatus();
    for (const Job& job : jobs)
      if (Status s = claim(m_out / job.relative, job.input); !s) return s;
    m_written.clear();  // claimed again as each copy is written
    return okStatus();
  }

  // Where the copy of `job` goes; an error when it would overwrite what was
  // read or written.
  Result<fs::path> place(const Job& job, const deid::FileReport& report) {
    if (!m_byUid) {
      const fs::path target = m_out / job.relative;
      if (Status s = claim(target, job.input); !s) return s.error();
      return target;
    }
    // DIR/STUDY/SERIES/INSTANCE.dcm: names that hold nothing of the input's
    // folders and file names. A UID is digits and dots (a file's "UID" that
    // is not one names no path).
    for (const std::string* uid : {&report.studyUid, &report.seriesUid, &report.instanceUid}) {
      const bool valid = !uid->empty() && uid->size() <= 64 && uid->find_first_not_of("0123456789.") == std::string::npos &&
                         uid->find_first_not_of('.') != std::string::npos;
      if (!valid) return makeError(ErrorCode::kInvalidArgument, "'" + *uid + "' is no UID to name its copy by");
    }
    const fs::path target = m_out / report.studyUid / report.seriesUid / (report.instanceUid + ".dcm");
    if (Status s = claim(target, job.input); !s) return s.error();
    return target;
  }

 private:
  Status claim(const fs::path& target, const std::string& input) {
    std::error_code ec;
    const fs::path canonical = fs::weakly_canonical(target, ec);
    if (const auto read = m_inputs.find(canonical); read != m_inputs.end())
      return makeError(ErrorCode::kInvalidArgument,
                       read->second + " would be replaced by " + (read->second == input ? "its" : "the") +
                           " de-identified copy" + (read->second == input ? "" : " of " + input) +
                           ": give an --out folder apart from the inputs");
    const auto [at, fresh] = m_written.emplace(canonical, input);
    if (!fresh)
      return makeError(ErrorCode::kInvalidArgument,
                       at->second + " and " + input + " would both be written to " + target.string() +
                           (m_byUid ? " (one instance twice)" : ": de-identify them into separate folders"));
    return okStatus();
  }

  fs::path m_out;
  bool m_byUid;
  std::map<fs::path, std::string> m_inputs;   // canonical path -> as given
  std::map<fs::path, std::string> m_written;  // canonical path -> its input
};

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
  Targets targets(jobs, out, args->has("name-by-uid"));
  if (Status s = targets.checkAll(jobs); !s) {
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
        auto target = targets.place(job, report);
        if (!target) {
          report.status = deid::FileStatus::kRefused;
          report.reason = target.error().message;
        } else if (Status s = io::writeFileAtomically(target->string(), result->bytes); !s) {
          report.status = deid::FileStatus::kRefused;
          report.reason = s.error().message;
        } else {
          report.output = target->string();
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
