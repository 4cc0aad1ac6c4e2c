// What a JSON document of the wrong shape is told: nlohmann's exception text
// without its "[json.exception.type_error.306]" prefix, in the words of the
// document ("a JSON object was expected here, not an array", "field
// 'schema' is missing"), for one-line errors at every boundary that reads
// JSON it did not write.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace limn {

std::string jsonErrorText(const nlohmann::json::exception& e);

}  // namespace limn
