// DICOM PS3.15 Table E.1-1 (Basic Application Level Confidentiality Profile
// and its options) as data: one row per attribute or attribute pattern.
// The rows are generated from the standard's table (profile_table.inc);
// this header is how the engine asks what the table says.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace limn::deid {

// The table's Basic Profile column, compound codes included.
enum class BasicAction : std::uint8_t {
  kD,    // replace with a dummy value
  kZ,    // replace with a zero-length value (or a dummy)
  kX,    // remove
  kK,    // keep
  kC,    // clean: keep, with identifying content removed
  kU,    // replace UID with a consistent non-identifying one
  kXZ,   // X, unless Z is needed for conformance
  kXD,   // X, unless D is needed
  kXZD,  // X, unless Z or D is needed
  kZD,   // Z, unless D is needed
  kXZU,  // X, unless Z is needed, or U for sequences of UIDs (X/Z/U*)
};

// The table's option columns, in table order. Values are 'K', 'C' or '-'.
enum class ProfileOption : std::uint8_t {
  kRetainSafePrivate,
  kRetainUids,
  kRetainFullDates,
  kRetainModifiedDates,
  kRetainDeviceIdentity,
  kRetainPatientCharacteristics,
  kRetainInstitutionIdentity,
  kCleanDescriptors,
  kCleanGraphics,
  kCleanStructuredContent,
};
inline constexpr std::size_t kProfileOptionCount = 10;

// Marks the "(gggg,eeee) where gggg is odd" row: private attributes.
inline constexpr std::uint32_t kPrivateRuleTag = 0xFFFFFFFFu;

struct ProfileRow {
  std::uint32_t tag;   // group << 16 | element, 'xx' digits zero
  std::uint32_t mask;  // tag matches when (t & mask) == tag
  BasicAction basic;
  const char* options;  // kProfileOptionCount characters: 'K', 'C' or '-'
  const char* id;       // the table's id, e.g. "00100010" or "60xx3000"
  const char* name;     // e.g. "Patient's Name"

  char option(ProfileOption o) const { return options[static_cast<std::size_t>(o)]; }
};

// Every row of the table, sorted by id.
std::span<const ProfileRow> profileTable();

// The row that governs a public attribute, or nullptr when the table does
// not list it (then the profile keeps it). Exact tags win over patterns.
const ProfileRow* findProfileRow(std::uint32_t tag);

// The row for private attributes.
const ProfileRow& privateAttributesRow();

// Stable lower-case names of the table's codes ("X/Z/U*" etc.).
std::string_view basicActionCode(BasicAction a);

}  // namespace limn::deid
