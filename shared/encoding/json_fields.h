// Reading untrusted JSON without exceptions: a field of the wanted type, or
// the fallback when it is missing or of another type (nlohmann's value()
// throws on a type mismatch).
#pragma once

#include <cstdint>
#include <climits>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

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

}  // namespace limn
