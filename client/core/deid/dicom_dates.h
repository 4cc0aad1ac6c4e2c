// Date and date-time values (DA, DT) as the options need them: moved by a
// number of days, or reduced to the year. Multi-valued strings are handled
// value by value; a value that is not a date becomes empty rather than kept.
#pragma once

#include <string>
#include <string_view>

namespace limn::deid {

// "20190304" shifted back 10 days -> "20190222". DT keeps its time part.
std::string shiftDateValue(std::string_view value, int daysBack, bool dateTime);

// DA "20190304" -> "20190101" (DA cannot hold a bare year); DT -> "2019".
std::string yearOnlyDateValue(std::string_view value, bool dateTime);

// The year of a DA/DT value, or 0.
int yearOf(std::string_view value);

}  // namespace limn::deid
