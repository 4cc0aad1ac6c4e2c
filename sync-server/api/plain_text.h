// Names people read in lists and terminals: project names, image ids,
// qualifications. Printable text only. A control character would forge
// lines where they are printed (a newline and an escape sequence in an
// image id made `limn task list` show a task that is not there), a
// bidirectional override reorders what is shown, and surrounding spaces
// make "P1 " a second project beside "P1".
#pragma once

#include <cstddef>
#include <string_view>

#include "shared/error/result.h"

namespace limn::server {

// `value` (valid UTF-8, as every JSON string the server parsed) is 1 to
// `maxBytes` bytes without control characters (C0, DEL, C1), bidirectional
// controls, or leading or trailing spaces; the error names `what`.
Status checkPlainText(std::string_view value, std::string_view what, std::size_t maxBytes);

}  // namespace limn::server
