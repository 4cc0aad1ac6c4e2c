#include "client/core/deid/attribute_action.h"

namespace limn::deid {

namespace {

constexpr std::uint32_t kPatientId = 0x00100020;
constexpr std::uint32_t kPatientAge = 0x00101010;
constexpr std::uint32_t kPatientAddress = 0x00101040;

bool isDateVr(VrKind vr) { return vr == VrKind::kDate || vr == VrKind::kDateTime; }

// The compound codes: the least removal that keeps any attribute type
// conformant. Type 1 and 2 attributes cannot be removed, Type 1 cannot be
// empty; a dummy or empty value is conformant for every type and carries no
// information, so it is chosen over removal (dciodvfy then finds nothing
// missing that the input had).
Action basicAction(BasicAction b, VrKind vr) {
  const bool seq = vr == VrKind::kSequence;
  switch (b) {
    case BasicAction::kD: return seq ? Action::kEmpty : Action::kDummy;
    case BasicAction::kZ: return Action::kEmpty;
    case BasicAction::kX: return Action::kRemove;
    case BasicAction::kK: return seq ? Action::kRecurse : Action::kKeep;
    case BasicAction::kC: return seq ? Action::kRecurse : Action::kKeepScrubbed;
    case BasicAction::kU: return seq ? Action::kRecurse : Action::kUid;
    case BasicAction::kXZ: return Action::kEmpty;
    case BasicAction::kXD:
    case BasicAction::kXZD:
    case BasicAction::kZD: return seq ? Action::kEmpty : Action::kDummy;
    case BasicAction::kXZU: return seq ? Action::kRecurse : Action::kUid;
  }
  return Action::kRemove;
}

// Attributes whose UIDs name a kind of thing (a SOP class, a transfer
// syntax, a coding scheme, a template's publisher), never an instance: the
// same in every hospital, kept so the data stays interpretable.
bool namesAClass(std::uint32_t tag) {
  switch (tag) {
    case 0x00000002: case 0x00000003:  // Affected/Requested SOP Class UID
    case 0x00020002: case 0x00020010:  // Media Storage SOP Class UID, Transfer Syntax UID
    case 0x00041510: case 0x00041512:  // Referenced SOP Class / Transfer Syntax UID in File
    case 0x00080016: case 0x0008001A: case 0x0008001B:  // SOP Class, Related General, Original Specialized
    case 0x00080062:                   // SOP Classes in Study
    case 0x0008010C: case 0x0008010D:  // Coding Scheme UID, Context Group Extension Creator UID
    case 0x00080117: case 0x00080118:  // Context UID, Mapping Resource UID
    case 0x00081150:                   // Referenced SOP Class UID
    case 0x0040DB0C: case 0x0040DB0D:  // Template Extension Organization / Creator UID
      return true;
    default:
      return false;
  }
}

// A date the table does not list is handled as its listed dates are:
// removed or a dummy, shifted or kept by the temporal options, the year
// alone under Safe Harbor.
constexpr ProfileRow kUnlistedDateRow{0, 0, BasicAction::kXD, "--KC------", "", "date (not in Table E.1-1)"};

Action unlistedAction(std::uint32_t tag, VrKind vr, const DeidConfig& config) {
  switch (vr) {
    case VrKind::kSequence: return Action::kRecurse;
    case VrKind::kUid: return namesAClass(tag) || config.has(ProfileOption::kRetainUids) ? Action::kKeep : Action::kUid;
    case VrKind::kDate:
    case VrKind::kDateTime: return resolveAction(&kUnlistedDateRow, tag, vr, config);
    case VrKind::kApplicationEntity:
      return config.has(ProfileOption::kRetainDeviceIdentity) ? Action::kKeep : Action::kDummy;
    case VrKind::kUrl: return Action::kRemove;
    default: return Action::kKeepScrubbed;
  }
}

}  // namespace

std::string_view actionName(Action a) {
  switch (a) {
    case Action::kKeep: return "kept";
    case Action::kKeepScrubbed: return "cleaned";
    case Action::kRemove: return "removed";
    case Action::kEmpty: return "emptied";
    case Action::kDummy: return "dummy";
    case Action::kRecurse: return "sequence";
    case Action::kUid: return "uid-replaced";
    case Action::kShiftDate: return "date-shifted";
    case Action::kYearOnly: return "year-only";
    case Action::kPseudonymId: return "pseudonym";
    case Action::kAgeCap: return "age-capped";
    case Action::kZip3: return "zip3";
  }
  return "?";
}

Action resolveAction(const ProfileRow* row, std::uint32_t tag, VrKind vr, const DeidConfig& config) {
  if (!row) return unlistedAction(tag, vr, config);
  const ProfileOptions options = config.effectiveOptions();
  const bool safeHarbor = config.profile == DeidProfile::kSafeHarbor;

  bool keep = false, clean = false;
  for (std::size_t i = 0; i < kProfileOptionCount; ++i) {
    if (!options.test(i)) continue;
    const char code = row->option(static_cast<ProfileOption>(i));
    keep = keep || code == 'K';
    clean = clean || code == 'C';
  }
  const bool temporal = row->option(ProfileOption::kRetainFullDates) != '-';

  // Safe Harbor keeps the year of every date and no finer element of it.
  if (safeHarbor && temporal && isDateVr(vr)) return Action::kYearOnly;
  if (safeHarbor && temporal && vr == VrKind::kTime) return basicAction(row->basic, vr);
  if (safeHarbor && tag == kPatientAddress) return Action::kZip3;

  if (keep) {
    if (safeHarbor && tag == kPatientAge) return Action::kAgeCap;
    return vr == VrKind::kSequence ? Action::kRecurse : Action::kKeep;
  }
  if (clean) {
    if (vr == VrKind::kSequence) return Action::kRecurse;
    if (temporal) return isDateVr(vr) ? Action::kShiftDate : Action::kKeep;  // times of day stay
    // Bytes cannot be cleaned (an EXIF maker note): they go.
    return vr == VrKind::kOther ? Action::kRemove : Action::kKeepScrubbed;
  }
  const Action basic = basicAction(row->basic, vr);
  if (tag == kPatientId && basic == Action::kDummy) return Action::kPseudonymId;
  return basic;
}

}  // namespace limn::deid
