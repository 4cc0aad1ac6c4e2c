// Minimal command-line arguments: positionals, `--name value` options and
// `--flag` switches. Which names are switches is declared by the command,
// so `--json FILE` can never be misread.
#pragma once

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

 private:
  std::vector<std::string> m_positional;
  std::set<std::string> m_switches;
  std::map<std::string, std::vector<std::string>> m_options;
};

}  // namespace limn
