// What de-identification did, for the person who releases the data: per
// file every attribute touched and the action (never a value), refusals and
// their reasons, burned-in decisions; per data set a k-anonymity figure over
// the quasi-identifiers left in the output.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "client/core/deid/attribute_action.h"
#include "client/core/deid/deid_config.h"
#include "shared/error/result.h"

namespace limn::deid {

struct AttributeChange {
  std::string path;  // "(0040,0275)[0]/(0040,A123)"; private: "(0029,1010)"
  std::string name;  // "Patient's Name", "private (SIEMENS CSA HEADER)"
  Action action;
};

// What remains in the output that could single a patient out when combined.
struct QuasiIdentifiers {
  std::string ageGroup;  // "40-49", "90+", or "" when the output has no age
  std::string sex;       // (0010,0040)
  std::string zip3;      // Safe Harbor address reduction
  std::string modality;
  std::string year;      // of the study
};

enum class FileStatus : unsigned char { kDeidentified, kRefused, kUnreadable };
std::string_view fileStatusName(FileStatus s);

struct FileReport {
  std::string input;
  std::string output;
  FileStatus status = FileStatus::kDeidentified;
  std::string reason;  // why refused or unreadable
  std::vector<AttributeChange> changes;
  std::size_t freeTextMatches = 0;  // identifiers overwritten inside kept text
  bool burnedInRisk = false;
  std::string burnedInReason;
  std::string burnedInDecision;  // "redacted", "released after review", or "" (refused)
  std::vector<RedactionBox> redacted;
  // The device and image size, to match redaction templates (not PHI).
  std::string manufacturer, model;
  std::uint32_t rows = 0, columns = 0;
  std::string patientPseudonym;  // the output Patient ID: groups files by patient
  // The output's study, series and instance UIDs: names for output files
  // that say nothing of the input's (a PACS export's folders often name
  // the patient).
  std::string studyUid, seriesUid, instanceUid;
  QuasiIdentifiers quasi;
};

struct KAnonymity {
  std::size_t k = 0;         // the smallest number of patients sharing one combination
  std::size_t groups = 0;    // distinct combinations
  std::size_t patients = 0;
  bool belowThreshold = false;
  std::vector<std::size_t> groupSizes;  // patients per combination, smallest first
};

// Over the de-identified files: patients (by pseudonym) per combination of
// quasi-identifiers; a missing value is its own category.
KAnonymity kAnonymity(std::span<const FileReport> files, std::uint32_t minK);

// One JSON object per file; the data set report holds them all.
std::string fileReportJson(const FileReport& file);
// Reads fileReportJson's output back (a worker's report, in the app).
Result<FileReport> fileReportFromJson(std::string_view json);
std::string datasetReportJson(std::span<const FileReport> files, const DeidConfig& config);

}  // namespace limn::deid
