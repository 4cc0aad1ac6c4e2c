// The private attributes the Retain Safe Private option keeps: numeric
// acquisition parameters that quantitative work needs and that vendors
// document (scale factors, diffusion b-values and directions). Everything
// else private is removed, because its content is not known.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace limn::deid {

struct SafePrivateAttribute {
  std::string_view creator;  // Private Creator value, exact
  std::uint16_t group;
  std::uint8_t element;      // low byte of the element (xxEE)
  std::string_view what;     // why it is kept
};

std::span<const SafePrivateAttribute> safePrivateAttributes();

// Whether (group, element) under `creator` is on the list.
bool isSafePrivate(std::string_view creator, std::uint16_t group, std::uint16_t element);

}  // namespace limn::deid
