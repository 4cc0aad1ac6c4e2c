// The edge of GDCM: it throws on malformed input and failed allocations;
// everything above it gets errors as values.
#pragma once

#include <exception>
#include <new>
#include <string>
#include <string_view>

#include "shared/error/result.h"

namespace limn::dicom {

// Runs `fn` (returning Result<T>); an exception becomes kTooLarge ("out of
// memory while <activity>") or kDicomParse ("<failure>: <what>").
template <typename T, typename Fn>
Result<T> catchingGdcm(std::string_view activity, std::string_view failure, Fn&& fn) {
  try {
    return fn();
  } catch (const std::bad_alloc&) {
    return makeError(ErrorCode::kTooLarge, "out of memory while " + std::string(activity));
  } catch (const std::exception& e) {
    return makeError(ErrorCode::kDicomParse, std::string(failure) + ": " + e.what());
  } catch (...) {
    return makeError(ErrorCode::kDicomParse, std::string(failure));
  }
}

}  // namespace limn::dicom
