#include "sync-server/http/json_depth.h"

namespace limn::server {

bool jsonNestedDeeperThan(std::string_view text, int limit) {
  int depth = 0;
  bool inString = false, escaped = false;
  for (const char c : text) {
    if (inString) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') inString = false;
      continue;
    }
    if (c == '"') inString = true;
    else if ((c == '[' || c == '{') && ++depth > limit) return true;
    else if (c == ']' || c == '}') --depth;
  }
  return false;
}

}  // namespace limn::server
