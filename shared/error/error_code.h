// Limn error codes: the one numbered list of everything that can go wrong
// across a module boundary or the wire.
//
// The numeric values cross the network and are stored in audit events:
// never renumber or reuse a value; add new ones at the end of their block.
// Each code maps once to an HTTP status and a retry rule (error_code.cpp).
#pragma once

#include <cstdint>
#include <string_view>

namespace limn {

enum class ErrorCode : std::uint16_t {
  kOk = 0,                   // not an error; never carried by an Error

  // 1xx: caller's input
  kInvalidArgument = 100,    // an argument is malformed or out of range
  kNotFound = 101,           // the named thing does not exist
  kAlreadyExists = 102,      // creating something that is already there
  kTooLarge = 103,           // input exceeds a documented limit
  kConflict = 104,           // the resource's state does not allow it now
  kStaleKeyEpoch = 105,      // sealed under a key epoch a rotation replaced: seal it again

  // 2xx: files and formats
  kIoError = 200,            // the operating system refused a read or write
  kNotDicom = 201,           // the bytes are not a DICOM data set
  kDicomParse = 202,         // DICOM, but the data set could not be parsed
  kNoPixelData = 203,        // a valid data set without an image
  kUnsupportedEncoding = 204,// a transfer syntax or layout we cannot decode
  kDecodeFailed = 205,       // the pixel data is present but did not decode

  // 3xx: security
  kUnauthenticated = 300,    // no valid session
  kForbidden = 301,          // authenticated, not allowed
  kCryptoFailure = 302,      // verification or decryption failed
  kRateLimited = 303,        // too many attempts: wait, then retry
  kMfaRequired = 304,        // a second factor is needed to go on
  kAuthorFault = 305,        // signed by a member, and what it holds is not valid: their
                             // doing (no server could have changed it)

  // 5xx: ours
  kInternal = 500,           // a bug or broken invariant
  kUnavailable = 501,        // a dependency (database, disk) is down: retry later
};

// Stable lower-case name, e.g. "dicom_parse"; used in JSON and logs.
std::string_view errorCodeName(ErrorCode code);

// The HTTP status a server answers with for this code.
int httpStatusFor(ErrorCode code);

// Whether a client may retry the same request unchanged.
bool isRetryable(ErrorCode code);

}  // namespace limn
