// How deep a JSON text nests, found without parsing it: nlohmann's parser
// builds every level before it could be refused, and ten million nested
// objects in a 20 MB body took gigabytes of memory.
#pragma once

#include <string_view>

namespace limn::server {

// Whether `text` opens more than `limit` arrays or objects inside one
// another (brackets inside strings do not count). Malformed text is left to
// the parser to refuse.
bool jsonNestedDeeperThan(std::string_view text, int limit);

}  // namespace limn::server
