#include "client/core/export/exact_decimal.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>

namespace limn::exporting {

std::string wideDecimal(long double v) {
  char buf[96];
  std::snprintf(buf, sizeof buf, "%.*Lg", std::numeric_limits<long double>::max_digits10, v);
  return buf;
}

long double nudgedWide(long double guess, const std::function<bool(long double)>& readsBack) {
  if (readsBack(guess)) return guess;
  long double up = guess, down = guess;
  for (int i = 0; i < 512; ++i) {
    up = std::nextafter(up, std::numeric_limits<long double>::infinity());
    if (readsBack(up)) return up;
    down = std::nextafter(down, -std::numeric_limits<long double>::infinity());
    if (readsBack(down)) return down;
  }
  return guess;
}

long double parseWide(std::string_view s, bool& ok) {
  const std::string text(s);
  char* end = nullptr;
  const long double v = std::strtold(text.c_str(), &end);
  // "nan", "inf" and overflows parse, but are no coordinate.
  ok = end && *end == '\0' && end != text.c_str() && std::isfinite(v) &&
       std::fabs(v) <= std::numeric_limits<double>::max();
  return v;
}

}  // namespace limn::exporting
