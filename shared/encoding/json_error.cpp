#include "shared/encoding/json_error.h"

#include <string_view>

namespace limn {

namespace {

// nlohmann's ids (json.nlohmann.me/home/exceptions): 306 is value() on a
// non-object, 403 a key at() did not find.
constexpr int kValueOnNonObject = 306;
constexpr int kKeyNotFound = 403;

std::string_view afterPrefix(std::string_view what) {
  if (!what.starts_with("[json.exception.")) return what;
  const std::size_t end = what.find("] ");
  return end == std::string_view::npos ? what : what.substr(end + 2);
}

}  // namespace

std::string jsonErrorText(const nlohmann::json::exception& e) {
  const std::string_view text = afterPrefix(e.what());
  if (e.id == kValueOnNonObject) {
    const std::size_t with = text.rfind("with ");
    const std::string_view found = with == std::string_view::npos ? "" : text.substr(with + 5);
    const char* article = found == "array" ? "an " : found == "null" || found.empty() ? "" : "a ";
    return std::string("a JSON object was expected here, not ") + article +
           std::string(found.empty() ? "something else" : found);
  }
  if (e.id == kKeyNotFound && text.starts_with("key '")) {
    const std::size_t close = text.find('\'', 5);
    if (close != std::string_view::npos) return "field '" + std::string(text.substr(5, close - 5)) + "' is missing";
  }
  return std::string(text);
}

}  // namespace limn
