#include <catch2/catch.hpp>

#include "client/core/deid/attribute_action.h"

using namespace limn::deid;

namespace {

Action actionFor(std::uint32_t tag, VrKind vr, DeidProfile profile, std::initializer_list<ProfileOption> opts = {}) {
  DeidConfig c;
  c.profile = profile;
  for (ProfileOption o : opts) c.options.set(static_cast<std::size_t>(o));
  return resolveAction(findProfileRow(tag), tag, vr, c);
}

constexpr auto kBasic = DeidProfile::kBasic;
constexpr auto kSafe = DeidProfile::kSafeHarbor;

}  // namespace

TEST_CASE("Basic profile codes become actions") {
  CHECK(actionFor(0x00100010, VrKind::kText, kBasic) == Action::kEmpty);         // Patient's Name: Z
  CHECK(actionFor(0x00101040, VrKind::kText, kBasic) == Action::kRemove);        // Address: X
  CHECK(actionFor(0x0020000D, VrKind::kUid, kBasic) == Action::kUid);            // Study Instance UID: U
  CHECK(actionFor(0x00100020, VrKind::kText, kBasic) == Action::kPseudonymId);   // Patient ID: Z/D
  CHECK(actionFor(0x00081140, VrKind::kSequence, kBasic) == Action::kRecurse);   // Referenced Image Seq: X/Z/U*
  CHECK(actionFor(0x00080080, VrKind::kText, kBasic) == Action::kDummy);         // Institution Name: X/Z/D
  CHECK(actionFor(0x00080082, VrKind::kSequence, kBasic) == Action::kEmpty);     // Institution Code Seq
  CHECK(actionFor(0x00080020, VrKind::kDate, kBasic) == Action::kEmpty);         // Study Date: Z
  CHECK(actionFor(0x00280010, VrKind::kOther, kBasic) == Action::kKeepScrubbed); // not listed: kept
}

TEST_CASE("Each option keeps or cleans what its column says") {
  CHECK(actionFor(0x0020000D, VrKind::kUid, kBasic, {ProfileOption::kRetainUids}) == Action::kKeep);
  CHECK(actionFor(0x00181000, VrKind::kText, kBasic, {ProfileOption::kRetainDeviceIdentity}) == Action::kKeep);
  CHECK(actionFor(0x00080080, VrKind::kText, kBasic, {ProfileOption::kRetainInstitutionIdentity}) == Action::kKeep);
  CHECK(actionFor(0x00101010, VrKind::kText, kBasic, {ProfileOption::kRetainPatientCharacteristics}) ==
        Action::kKeep);
  CHECK(actionFor(0x00080020, VrKind::kDate, kBasic, {ProfileOption::kRetainFullDates}) == Action::kKeep);
  CHECK(actionFor(0x00080020, VrKind::kDate, kBasic, {ProfileOption::kRetainModifiedDates}) == Action::kShiftDate);
  CHECK(actionFor(0x00080030, VrKind::kTime, kBasic, {ProfileOption::kRetainModifiedDates}) == Action::kKeep);
  CHECK(actionFor(0x00081030, VrKind::kText, kBasic) == Action::kRemove);  // Study Description: X
  CHECK(actionFor(0x00081030, VrKind::kText, kBasic, {ProfileOption::kCleanDescriptors}) == Action::kKeepScrubbed);
  CHECK(actionFor(0x0040A730, VrKind::kSequence, kBasic) == Action::kEmpty);  // Content Sequence: D
  CHECK(actionFor(0x0040A730, VrKind::kSequence, kBasic, {ProfileOption::kCleanStructuredContent}) ==
        Action::kRecurse);
  CHECK(actionFor(0x00700001, VrKind::kSequence, kBasic, {ProfileOption::kCleanGraphics}) == Action::kRecurse);
}

TEST_CASE("Safe Harbor keeps years, caps ages, reduces addresses") {
  CHECK(actionFor(0x00080020, VrKind::kDate, kSafe) == Action::kYearOnly);
  CHECK(actionFor(0x0008002A, VrKind::kDateTime, kSafe) == Action::kYearOnly);
  CHECK(actionFor(0x00080030, VrKind::kTime, kSafe) == Action::kEmpty);      // times: Basic
  CHECK(actionFor(0x00100030, VrKind::kDate, kSafe) == Action::kEmpty);      // birth date: Z in every option
  CHECK(actionFor(0x00101010, VrKind::kText, kSafe) == Action::kAgeCap);
  CHECK(actionFor(0x00101040, VrKind::kText, kSafe) == Action::kZip3);
  CHECK(actionFor(0x00181000, VrKind::kText, kSafe) == Action::kDummy);      // serial numbers are identifiers
  CHECK(actionFor(0x00081030, VrKind::kText, kSafe) == Action::kKeepScrubbed);
}

TEST_CASE("Attributes the table does not list lose what can identify and keep what names a class") {
  // SOP Instance UID of Concatenation Source, Volume Frame of Reference UID: replaced.
  CHECK(actionFor(0x00200242, VrKind::kUid, kBasic) == Action::kUid);
  CHECK(actionFor(0x00209312, VrKind::kUid, kSafe) == Action::kUid);
  CHECK(actionFor(0x00200242, VrKind::kUid, kBasic, {ProfileOption::kRetainUids}) == Action::kKeep);
  // SOP Class UID, Coding Scheme UID: the same in every hospital.
  CHECK(actionFor(0x00080016, VrKind::kUid, kBasic) == Action::kKeep);
  CHECK(actionFor(0x0008010C, VrKind::kUid, kSafe) == Action::kKeep);
  CHECK(actionFor(0x00081190, VrKind::kUrl, kSafe) == Action::kRemove);  // Retrieve URL
  CHECK(actionFor(0x00020016, VrKind::kApplicationEntity, kBasic) == Action::kDummy);
  // Date of Gain Calibration: as the table's dates.
  CHECK(actionFor(0x00143076, VrKind::kDate, kSafe) == Action::kYearOnly);
  CHECK(actionFor(0x00143076, VrKind::kDate, kBasic) == Action::kDummy);
  CHECK(actionFor(0x00143076, VrKind::kDate, kBasic, {ProfileOption::kRetainModifiedDates}) == Action::kShiftDate);
  CHECK(actionFor(0x00143076, VrKind::kDate, kBasic, {ProfileOption::kRetainFullDates}) == Action::kKeep);
  // EXIF Maker Note is bytes: under Clean Descriptors it cannot be cleaned, so it goes.
  CHECK(actionFor(0x0016002B, VrKind::kOther, kBasic, {ProfileOption::kCleanDescriptors}) == Action::kRemove);
}
