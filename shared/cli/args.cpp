#include "shared/cli/args.h"

#include <algorithm>

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
