// Reading untrusted JSON without exceptions: a field of the wanted type, or
// the fallback when it is missing or of another type (nlohmann's value()
// throws on a type mismatch).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace limn {

inline std::string textField(const nlohmann::json& j, const char* name, const std::string& fallback = {}) {
  return j.is_object() && j.contains(name) && j[name].is_string() ? j[name].get<std::string>() : fallback;
}

// An unsigned integer field, or nothing when it is missing or of another type.
inline std::optional<std::uint64_t> unsignedField(const nlohmann::json& j, const char* name) {
  if (!j.is_object() || !j.contains(name) || !j[name].is_number_unsigned()) return std::nullopt;
  return j[name].get<std::uint64_t>();
}

}  // namespace limn
