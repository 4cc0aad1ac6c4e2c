// DeidConfig from JSON: the browser passes its settings this way, and the CLI
// reads redaction templates with the same code.
//
//   {"profile": "safe-harbor", "options": ["retain-uids"], "min_k": 5,
//    "secret": "the project's secret", "ephemeral": false,
//    "release_reviewed": false, "boxes": [[x, y, w, h]],
//    "templates": [{"manufacturer": "ACME", "model": "Sono 1", "rows": 480,
//                   "columns": 640, "boxes": [[0, 0, 640, 40]]}]}
#pragma once

#include <string_view>
#include <vector>

#include "client/core/deid/deid_config.h"
#include "shared/error/result.h"

namespace limn::deid {

// The key comes from "secret" (at least 16 bytes); without one the config
// gets a fresh random key. "ephemeral" marks a secret made up for one run.
Result<DeidConfig> deidConfigFromJson(std::string_view text);

Result<std::vector<RedactionTemplate>> redactionTemplatesFromJson(std::string_view text);

// "X,Y,W,H" with W and H positive.
Result<RedactionBox> parseRedactionBox(std::string_view text);

}  // namespace limn::deid
