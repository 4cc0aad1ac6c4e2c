#include "client/core/dicom/dicom_text.h"

#include <cmath>
#include <cstdlib>

namespace limn::dicom {

std::string_view trimPadding(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\0')) s.remove_suffix(1);
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  return s;
}

std::vector<std::string_view> splitValues(std::string_view value) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (true) {
    const std::size_t end = value.find('\\', start);
    out.push_back(trimPadding(value.substr(start, end == std::string_view::npos ? end : end - start)));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return out;
}

std::string joinValues(const std::vector<std::string>& values) {
  std::string out;
  for (std::size_t i = 0; i < values.size(); ++i) out += (i ? "\\" : "") + values[i];
  return out;
}

std::vector<std::optional<double>> parseNumbers(std::string_view value) {
  std::vector<std::optional<double>> out;
  if (value.empty()) return out;
  for (std::string_view v : splitValues(value)) {
    const std::string item(v);
    char* stop = nullptr;
    const double number = std::strtod(item.c_str(), &stop);
    // Only the characters DS and IS allow: strtod also reads "nan", "inf"
    // and hex floats.
    const bool ok = !item.empty() && item.find_first_not_of("0123456789+-.eE") == std::string::npos &&
                    stop != item.c_str() && stop && *stop == '\0' && std::isfinite(number);
    out.push_back(ok ? std::optional<double>(number) : std::nullopt);
  }
  return out;
}

}  // namespace limn::dicom
