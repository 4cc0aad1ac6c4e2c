// Coordinates as decimal text that reads back to the same double. Formats
// that store derived values (YOLO's normalised coordinates, VOC's far
// corners) are written in extended precision (long double: 64-bit mantissa
// natively, 113-bit in wasm) and read back the same way, so the derivation's
// rounding stays far below half a double's ulp and the original comes back.
#pragma once

#include <functional>
#include <string>
#include <string_view>

namespace limn::exporting {

std::string wideDecimal(long double v);    // every digit a long double holds
long double parseWide(std::string_view s, bool& ok);  // ok: a finite number, within a double's range

// The long double nearest `guess` (within a few hundred ulps) for which the
// reader's derivation `readsBack` gives the original value, else `guess`.
long double nudgedWide(long double guess, const std::function<bool(long double)>& readsBack);

}  // namespace limn::exporting
