// HIPAA Safe Harbor ZIP codes: the first three digits may stay only where
// that area holds more than 20,000 people; the listed prefixes become 000
// (45 CFR 164.514(b)(2)(i)(B), HHS list from the 2000 Census).
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace limn::deid {

std::span<const std::string_view> restrictedZip3Prefixes();

// The ZIP3 of the last US ZIP code (12345 or 12345-6789) in an address,
// "000" for a restricted prefix, "" when the address holds none.
std::string zip3FromAddress(std::string_view address);

}  // namespace limn::deid
