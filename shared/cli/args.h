// Minimal command-line arguments: positionals, `--name value` options and
// `--flag` switches. Which names are switches is declared by the command,
// so `--json FILE` can never be misread.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "shared/error/result.h"

namespace limn {

class Args {
 public:
  // Parses argv-like words. Unknown switches are errors; options may repeat.
  static Result<Args> parse(const std::vector<std::string>& words,
                            std::initializer_list<const char*> switches,
                            std::initializer_list<const char*> options);

  const std::vector<std::string>& positional() const { return m_positional; }
  bool has(const std::string& name) const { return m_switches.count(name) > 0; }
  std::optional<std::string> value(const std::string& name) const;
  std::vector<std::string> values(const std::string& name) const;
  // An option read as a whole number or a decimal within [min, max];
  // `fallback` when it is absent. "abc", "1.5" for a whole number, "10x"
  // or a value out of range is an error naming the option and the range.
  Result<std::int64_t> integer(const std::string& name, std::int64_t fallback, std::int64_t min,
                               std::int64_t max) const;
  Result<double> number(const std::string& name, double fallback, double min, double max) const;

 private:
  std::vector<std::string> m_positional;
  std::set<std::string> m_switches;
  std::map<std::string, std::vector<std::string>> m_options;
};

// The same checks for text from elsewhere (an item of a list option);
// `what` names it in the error.
Result<std::int64_t> parseInteger(const std::string& text, const std::string& what, std::int64_t min, std::int64_t max);
Result<double> parseNumber(const std::string& text, const std::string& what, double min, double max);

}  // namespace limn
