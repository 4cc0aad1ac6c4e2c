// Annotations the annotation tests build their ops from.
#pragma once

#include <string>

#include "client/core/annot/annotation.h"

namespace limn::test {

// A box labelled "lesion" on frame 0 of image "img", at x.
inline annot::Annotation boxOn(const std::string& id, double x) {
  annot::Annotation a;
  a.id = id;
  a.image = {"img", 0};
  a.label = "lesion";
  a.shape = annot::Box{x, 2.5, 10, 20};
  return a;
}

}  // namespace limn::test
