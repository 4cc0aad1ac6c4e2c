// Consistent pseudonyms keyed by the project key: the same input gives the
// same output in every file, session and machine of a project, and nothing
// links it back without the key.
#pragma once

#include <string>
#include <string_view>

#include "client/core/deid/deid_config.h"

namespace limn::deid {

// "2.25." + the decimal of a 128-bit keyed hash of the UID (PS3.5 B.2):
// at most 44 characters, never a leading zero.
std::string pseudonymousUid(const ProjectKey& key, std::string_view uid);

// A patient ID such as "LIMN-5F2C9A1B7E03D4A6" (16 hex digits of a keyed hash).
std::string pseudonymousPatientId(const ProjectKey& key, std::string_view patientId);

// Days to move every date of one patient back by: 1..1095, the same for all
// of that patient's files (so intervals between studies survive).
int dateShiftDays(const ProjectKey& key, std::string_view patientId);

}  // namespace limn::deid
