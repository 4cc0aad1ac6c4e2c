#include "shared/cli/args.h"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <sstream>

namespace limn {

Result<Args> Args::parse(const std::vector<std::string>& words,
                         std::initializer_list<const char*> switches,
                         std::initializer_list<const char*> options) {
  auto contains = [](std::initializer_list<const char*> list, const std::string& name) {
    return std::any_of(list.begin(), list.end(), [&](const char* s) { return name == s; });
  };
  Args args;
  bool onlyPositional = false;
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::string& w = words[i];
    if (onlyPositional || w.size() < 3 || w.rfind("--", 0) != 0) {
      if (w == "--") { onlyPositional = true; continue; }
      args.m_positional.push_back(w);
      continue;
    }
    std::string name = w.substr(2);
    std::optional<std::string> inlineValue;
    if (auto eq = name.find('='); eq != std::string::npos) {
      inlineValue = name.substr(eq + 1);
      name.resize(eq);
    }
    if (contains(switches, name) && !inlineValue) {
      args.m_switches.insert(name);
    } else if (contains(options, name)) {
      if (!inlineValue && i + 1 >= words.size())
        return makeError(ErrorCode::kInvalidArgument, "--" + name + " needs a value");
      args.m_options[name].push_back(inlineValue ? *inlineValue : words[++i]);
    } else {
      return makeError(ErrorCode::kInvalidArgument, "unknown option --" + name);
    }
  }
  return args;
}

Result<std::int64_t> parseInteger(const std::string& text, const std::string& what, std::int64_t min,
                                  std::int64_t max) {
  std::int64_t v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || v < min || v > max) {
    const std::string range = max == INT64_MAX ? " of at least " + std::to_string(min)
                                               : " from " + std::to_string(min) + " to " + std::to_string(max);
    return makeError(ErrorCode::kInvalidArgument, what + " must be a whole number" + range + ", not '" + text + "'");
  }
  return v;
}

Result<double> parseNumber(const std::string& text, const std::string& what, double min, double max) {
  // strtod, not from_chars: the browser build's C++ library lacks the
  // floating-point from_chars.
  errno = 0;
  char* end = nullptr;
  const double v = text.empty() || std::isspace(static_cast<unsigned char>(text[0])) ? NAN : std::strtod(text.c_str(), &end);
  if (errno != 0 || end != text.c_str() + text.size() || !(v >= min && v <= max)) {
    std::ostringstream range;
    range << min << " to " << max;
    return makeError(ErrorCode::kInvalidArgument, what + " must be a number from " + range.str() + ", not '" + text + "'");
  }
  return v;
}

Result<std::int64_t> Args::integer(const std::string& name, std::int64_t fallback, std::int64_t min,
                                   std::int64_t max) const {
  const auto text = value(name);
  return text ? parseInteger(*text, "--" + name, min, max) : Result<std::int64_t>(fallback);
}

Result<double> Args::number(const std::string& name, double fallback, double min, double max) const {
  const auto text = value(name);
  return text ? parseNumber(*text, "--" + name, min, max) : Result<double>(fallback);
}

std::optional<std::string> Args::value(const std::string& name) const {
  auto it = m_options.find(name);
  if (it == m_options.end() || it->second.empty()) return std::nullopt;
  return it->second.back();
}

std::vector<std::string> Args::values(const std::string& name) const {
  auto it = m_options.find(name);
  return it == m_options.end() ? std::vector<std::string>{} : it->second;
}

}  // namespace limn
