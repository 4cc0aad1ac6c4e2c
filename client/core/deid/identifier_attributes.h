// Which attributes carry identifiers whose values must also be looked for
// in kept free text (a name or ID repeated in a description). PN attributes
// count wherever they are; these are the others.
#pragma once

#include <cstdint>
#include <optional>

#include "client/core/deid/deid_config.h"
#include "client/core/deid/free_text_scrubber.h"

namespace limn::deid {

// The kind of identifier `tag` holds, or nothing when it holds none or an
// option in `config` keeps it (then it is not an identifier to remove).
std::optional<IdentifierKind> identifierKindOf(std::uint32_t tag, const DeidConfig& config);

}  // namespace limn::deid
