// Reading untrusted JSON without exceptions: a field of the wanted type, or
// the fallback when it is missing or of another type (nlohmann's value()
// throws on a type mismatch).
#pragma once

#include <cstdint>
#include <climits>
#include <nlohmann/json.hpp>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace limn {

inline std::string textField(const nlohmann::json& j, const char* name, const std::string& fallback = {}) {
  return j.is_object() && j.contains(name) && j[name].is_string() ? j[name].get<std::string>() : fallback;
}

inline bool boolField(const nlohmann::json& j, const char* name, bool fallback) {
  return j.is_object() && j.contains(name) && j[name].is_boolean() ? j[name].get<bool>() : fallback;
}

// A field that is an array (of anything), else an empty one.
inline nlohmann::json arrayField(const nlohmann::json& j, const char* name) {
  return j.is_object() && j.contains(name) && j[name].is_array() ? j[name] : nlohmann::json::array();
}

// A field that is an object, else an empty one. A reference (to `j`, or to
// one shared empty object), so that `objectField(j, n).items()` in a range
// for iterates something still alive.
inline const nlohmann::json& objectField(const nlohmann::json& j, const char* name) {
  static const nlohmann::json kEmpty = nlohmann::json::object();
  return j.is_object() && j.contains(name) && j[name].is_object() ? j[name] : kEmpty;
}

// An integer field (of either sign), or nothing when it is missing or of another type.
inline std::optional<std::int64_t> integerField(const nlohmann::json& j, const char* name) {
  if (!j.is_object() || !j.contains(name) || !j[name].is_number_integer()) return std::nullopt;
  if (j[name].is_number_unsigned() && j[name].get<std::uint64_t>() > INT64_MAX) return std::nullopt;
  return j[name].get<std::int64_t>();
}

// A non-negative integer field, or nothing when it is missing, negative or
// of another type.
inline std::optional<std::uint64_t> unsignedField(const nlohmann::json& j, const char* name) {
  if (!j.is_object() || !j.contains(name) || !j[name].is_number_integer()) return std::nullopt;
  if (!j[name].is_number_unsigned() && j[name].get<std::int64_t>() < 0) return std::nullopt;
  return j[name].get<std::uint64_t>();
}

// A whole number as T, for parsers that report bad input by catching
// nlohmann::json::exception (nlohmann's get<T>() converts a fraction or a
// 1e300 unchecked: undefined behaviour for a float beyond T's range).
// Anything else (another type, a fraction, a value beyond T) throws
// nlohmann's out_of_range naming `what`, so those parsers' catch holds.
template <class T>
T integerAs(const nlohmann::json& v, std::string_view what) {
  if (v.is_number_unsigned() && std::in_range<T>(v.get<std::uint64_t>())) return static_cast<T>(v.get<std::uint64_t>());
  if (v.is_number_integer() && !v.is_number_unsigned() && std::in_range<T>(v.get<std::int64_t>()))
    return static_cast<T>(v.get<std::int64_t>());
  constexpr int kNumberOutOfRange = 406;  // nlohmann's id for a number that does not fit
  throw nlohmann::json::out_of_range::create(kNumberOutOfRange,
                                             std::string(what) + " must be a whole number from " +
                                                 std::to_string(std::numeric_limits<T>::min()) + " to " +
                                                 std::to_string(std::numeric_limits<T>::max()),
                                             &v);
}

// The same for field `name` of object `j`, `fallback` when it is missing.
template <class T>
T integerAs(const nlohmann::json& j, const char* name, T fallback) {
  return j.is_object() && j.contains(name) ? integerAs<T>(j[name], name) : fallback;
}

}  // namespace limn
