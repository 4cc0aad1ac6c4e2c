#include "client/core/deid/dicom_dates.h"

#include <chrono>
#include <cstdio>
#include <vector>

#include "client/core/dicom/dicom_text.h"

namespace limn::deid {

using dicom::joinValues;
using dicom::splitValues;
using dicom::trimPadding;

namespace {

bool digitsAt(std::string_view s, std::size_t pos, std::size_t n) {
  if (s.size() < pos + n) return false;
  for (std::size_t i = pos; i < pos + n; ++i)
    if (s[i] < '0' || s[i] > '9') return false;
  return true;
}

int number(std::string_view s, std::size_t pos, std::size_t n) {
  int v = 0;
  for (std::size_t i = pos; i < pos + n; ++i) v = v * 10 + (s[i] - '0');
  return v;
}

// Applies `one` to each backslash-separated value.
template <typename Fn>
std::string eachValue(std::string_view value, Fn one) {
  std::vector<std::string> out;
  for (std::string_view v : splitValues(value)) out.push_back(one(v));
  return joinValues(out);
}

std::string shiftOne(std::string_view v, int daysBack, bool dateTime) {
  if (v.empty()) return {};
  if (!digitsAt(v, 0, 8)) {
    // A DT may be only YYYY or YYYYMM: move the year, conservatively.
    if (dateTime && digitsAt(v, 0, 4) && (v.size() == 4 || v.size() == 6)) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "%04d", number(v, 0, 4) - (daysBack + 364) / 365);
      return std::string(buf) + std::string(v.substr(4));
    }
    return {};
  }
  using namespace std::chrono;
  const year_month_day ymd{year{number(v, 0, 4)}, month{unsigned(number(v, 4, 2))}, day{unsigned(number(v, 6, 2))}};
  if (!ymd.ok()) return {};
  const year_month_day moved{sys_days{ymd} - days{daysBack}};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d%02u%02u", int(moved.year()), unsigned(moved.month()), unsigned(moved.day()));
  return std::string(buf) + (dateTime ? std::string(v.substr(8)) : std::string());
}

std::string yearOne(std::string_view v, bool dateTime) {
  if (!digitsAt(v, 0, 4)) return {};
  return std::string(v.substr(0, 4)) + (dateTime ? "" : "0101");
}

}  // namespace

std::string shiftDateValue(std::string_view value, int daysBack, bool dateTime) {
  return eachValue(value, [&](std::string_view v) { return shiftOne(v, daysBack, dateTime); });
}

std::string yearOnlyDateValue(std::string_view value, bool dateTime) {
  return eachValue(value, [&](std::string_view v) { return yearOne(v, dateTime); });
}

int yearOf(std::string_view value) {
  value = trimPadding(value);
  return digitsAt(value, 0, 4) ? number(value, 0, 4) : 0;
}

}  // namespace limn::deid
