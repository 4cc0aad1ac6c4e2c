// Result<T>: a value or an Error, returned across module boundaries instead
// of throwing (exceptions are caught at the edge of third-party code and
// turned into these). Modeled on std::expected, which our wasm libc++ lacks.
//
//   Result<Image> r = decodeDicom(bytes);
//   if (!r) return r.error();           // propagate
//   use(r.value());
#pragma once

#include <string>
#include <utility>
#include <variant>

#include "shared/error/error_code.h"

namespace limn {

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;  // for people; never contains PHI or secrets
};

inline Error makeError(ErrorCode code, std::string message) {
  return Error{code, std::move(message)};
}

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : m_state(std::move(value)) {}            // NOLINT: implicit by design
  Result(Error error) : m_state(std::move(error)) {}        // NOLINT: implicit by design

  bool ok() const { return m_state.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { return std::get<0>(m_state); }
  const T& value() const& { return std::get<0>(m_state); }
  T&& value() && { return std::get<0>(std::move(m_state)); }
  const Error& error() const { return std::get<1>(m_state); }

  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Error> m_state;
};

// For operations that produce nothing but may fail.
struct Unit {};
using Status = Result<Unit>;
inline Status okStatus() { return Unit{}; }

}  // namespace limn
