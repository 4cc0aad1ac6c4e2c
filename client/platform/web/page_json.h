// What the page and the app's module pass each other: JSON text in (null
// or malformed text reads as a discarded value, which every reader refuses)
// and JSON text out, kept in a buffer of the answering function's until its
// next call, as Module.ccall reads it.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "shared/error/result.h"

namespace limn::web {

inline nlohmann::json fromPage(const char* text) { return nlohmann::json::parse(text ? text : "", nullptr, false); }

inline const char* answer(std::string& buffer, const nlohmann::json& j) {
  buffer = j.dump();
  return buffer.c_str();
}

// {key: value} or {"error": why}.
template <class T>
nlohmann::json keyedOrError(const char* key, const Result<T>& r) {
  return r ? nlohmann::json{{key, *r}} : nlohmann::json{{"error", r.error().message}};
}

}  // namespace limn::web
