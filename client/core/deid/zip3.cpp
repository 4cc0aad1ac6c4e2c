#include "client/core/deid/zip3.h"

#include <algorithm>

namespace limn::deid {

namespace {

constexpr std::string_view kRestricted[] = {"036", "059", "063", "102", "203", "556", "692", "790", "821",
                                            "823", "830", "831", "878", "879", "884", "890", "893"};

bool isDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

std::span<const std::string_view> restrictedZip3Prefixes() { return kRestricted; }

std::string zip3FromAddress(std::string_view a) {
  std::string found;
  for (std::size_t i = 0; i + 5 <= a.size(); ++i) {
    if (i > 0 && isDigit(a[i - 1])) continue;
    if (!std::all_of(a.begin() + i, a.begin() + i + 5, isDigit)) continue;
    const std::size_t end = i + 5;
    const bool plusFour = end + 5 <= a.size() && a[end] == '-' &&
                          std::all_of(a.begin() + end + 1, a.begin() + end + 5, isDigit) &&
                          (end + 5 == a.size() || !isDigit(a[end + 5]));
    if (!plusFour && end < a.size() && isDigit(a[end])) continue;
    found = std::string(a.substr(i, 3));
  }
  if (found.empty()) return found;
  for (std::string_view r : kRestricted)
    if (found == r) return "000";
  return found;
}

}  // namespace limn::deid
