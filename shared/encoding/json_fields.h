// Reading untrusted JSON without exceptions: a field of the wanted type, or
// the fallback when it is missing or of another type (nlohmann's value()
// throws on a type mismatch).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace limn {

inline std::string textField(const nlohmann::json& j, const char* name, const std::string& fallback = {}) {
  return j.is_object() && j.contains(name) && j[name].is_string() ? j[name].get<std::string>() : fallback;
}

}  // namespace limn
