#include "client/core/deid/safe_private.h"

#include "client/core/dicom/dicom_text.h"

namespace limn::deid {

using dicom::joinValues;
using dicom::splitValues;
using dicom::trimPadding;

namespace {

constexpr SafePrivateAttribute kSafe[] = {
    {"SIEMENS MR HEADER", 0x0019, 0x0C, "diffusion b-value"},
    {"SIEMENS MR HEADER", 0x0019, 0x0D, "diffusion directionality"},
    {"SIEMENS MR HEADER", 0x0019, 0x0E, "diffusion gradient direction"},
    {"SIEMENS MR HEADER", 0x0019, 0x27, "diffusion b-matrix"},
    {"GEMS_PARM_01", 0x0043, 0x39, "diffusion b-value (slop_int_6..9)"},
    {"Philips MR Imaging DD 001", 0x2005, 0x0D, "MR scale intercept"},
    {"Philips MR Imaging DD 001", 0x2005, 0x0E, "MR scale slope"},
    {"Philips Imaging DD 001", 0x2001, 0x03, "diffusion b-factor"},
};

}  // namespace

std::span<const SafePrivateAttribute> safePrivateAttributes() { return kSafe; }

bool isSafePrivate(std::string_view creator, std::uint16_t group, std::uint16_t element) {
  creator = trimPadding(creator);
  for (const SafePrivateAttribute& s : kSafe)
    if (s.group == group && s.element == (element & 0xFF) && s.creator == creator) return true;
  return false;
}

}  // namespace limn::deid
