// What happens to one attribute: the table row, the options in force and
// the attribute's value representation decide it. Pure, so every option is
// tested without files.
#pragma once

#include <cstdint>
#include <string_view>

#include "client/core/deid/deid_config.h"
#include "client/core/deid/profile_table.h"

namespace limn::deid {

// The kinds of value representation the rules tell apart.
// AE titles and URLs are text told apart: unlisted, they still name a
// device or a host.
enum class VrKind : std::uint8_t { kSequence, kDate, kDateTime, kTime, kUid, kApplicationEntity, kUrl, kText, kOther };

enum class Action : std::uint8_t {
  kKeep,          // unchanged (an option retains it)
  kKeepScrubbed,  // kept; identifiers found in its text are overwritten
  kRemove,
  kEmpty,         // zero length (sequences: no items)
  kDummy,         // a value of the right VR that says nothing
  kRecurse,       // a sequence kept, its items de-identified by the same rules
  kUid,           // every UID replaced by its pseudonym
  kShiftDate,     // moved back by the patient's date shift
  kYearOnly,      // Safe Harbor: reduced to the year
  kPseudonymId,   // Patient ID: the patient's pseudonym
  kAgeCap,        // Safe Harbor: ages over 89 become 090Y
  kZip3,          // Safe Harbor: an address reduced to its ZIP3
};

std::string_view actionName(Action a);

// `row` is nullptr for attributes the table does not list. Those keep what
// cannot identify anyone and lose what can whatever its tag: a UID is
// replaced unless it names a class or a coding scheme, a date is treated as
// the table's dates are, an AE title becomes a dummy, a URL goes, and text
// is scrubbed.
Action resolveAction(const ProfileRow* row, std::uint32_t tag, VrKind vr, const DeidConfig& config);

}  // namespace limn::deid
