#include "shared/error/error_code.h"

namespace limn {

namespace {

struct CodeInfo {
  ErrorCode code;
  std::string_view name;
  int httpStatus;
  bool retryable;
};

// One row per code: the only place names, statuses and retry rules live.
constexpr CodeInfo kCodeTable[] = {
    {ErrorCode::kOk, "ok", 200, false},
    {ErrorCode::kInvalidArgument, "invalid_argument", 400, false},
    {ErrorCode::kNotFound, "not_found", 404, false},
    {ErrorCode::kAlreadyExists, "already_exists", 409, false},
    {ErrorCode::kTooLarge, "too_large", 413, false},
    {ErrorCode::kConflict, "conflict", 409, false},
    {ErrorCode::kStaleKeyEpoch, "stale_key_epoch", 409, false},
    {ErrorCode::kIoError, "io_error", 500, true},
    {ErrorCode::kNotDicom, "not_dicom", 415, false},
    {ErrorCode::kDicomParse, "dicom_parse", 422, false},
    {ErrorCode::kNoPixelData, "no_pixel_data", 422, false},
    {ErrorCode::kUnsupportedEncoding, "unsupported_encoding", 415, false},
    {ErrorCode::kDecodeFailed, "decode_failed", 422, false},
    {ErrorCode::kUnauthenticated, "unauthenticated", 401, false},
    {ErrorCode::kForbidden, "forbidden", 403, false},
    {ErrorCode::kCryptoFailure, "crypto_failure", 400, false},
    {ErrorCode::kRateLimited, "rate_limited", 429, true},
    {ErrorCode::kMfaRequired, "mfa_required", 401, false},
    {ErrorCode::kAuthorFault, "author_fault", 422, false},
    {ErrorCode::kInternal, "internal", 500, false},
    {ErrorCode::kUnavailable, "unavailable", 503, true},
};

const CodeInfo& infoFor(ErrorCode code) {
  for (const CodeInfo& info : kCodeTable) {
    if (info.code == code) return info;
  }
  // A value outside the table can only come from a bug or a corrupt peer.
  static constexpr CodeInfo kUnknown{ErrorCode::kInternal, "internal", 500, false};
  return kUnknown;
}

}  // namespace

std::string_view errorCodeName(ErrorCode code) { return infoFor(code).name; }
int httpStatusFor(ErrorCode code) { return infoFor(code).httpStatus; }
bool isRetryable(ErrorCode code) { return infoFor(code).retryable; }

}  // namespace limn
