#include <catch2/catch.hpp>

#include "shared/error/error_code.h"

using limn::ErrorCode;

TEST_CASE("error codes keep their wire values") {
  // These numbers are stored in audit logs and sent to peers: a change here
  // is a protocol break, so the test pins them.
  CHECK(static_cast<int>(ErrorCode::kInvalidArgument) == 100);
  CHECK(static_cast<int>(ErrorCode::kNotDicom) == 201);
  CHECK(static_cast<int>(ErrorCode::kDecodeFailed) == 205);
  CHECK(static_cast<int>(ErrorCode::kForbidden) == 301);
  CHECK(static_cast<int>(ErrorCode::kUnavailable) == 501);
}

TEST_CASE("each code maps to one name, status and retry rule") {
  CHECK(limn::errorCodeName(ErrorCode::kDicomParse) == "dicom_parse");
  CHECK(limn::httpStatusFor(ErrorCode::kForbidden) == 403);
  CHECK(limn::httpStatusFor(ErrorCode::kNotFound) == 404);
  CHECK(limn::isRetryable(ErrorCode::kUnavailable));
  CHECK_FALSE(limn::isRetryable(ErrorCode::kInvalidArgument));
  // An unknown value (a corrupt peer) is treated as our own internal error.
  CHECK(limn::errorCodeName(static_cast<ErrorCode>(9999)) == "internal");
}
