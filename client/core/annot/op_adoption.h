// Ops made elsewhere (by `limn import`, another tool, a colleague's file)
// taken on by one person: the same edits, renumbered as theirs. What a
// person pushes as their own they sign, so this is a choice they make
// (`limn sync push --adopt`), never a default.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "client/core/annot/op.h"

namespace limn::annot {

// `ops` as `author`'s, numbered in `lane` in the order given (a new lane
// is drawn should it fill up); an undo or redo among them follows its
// target to the target's new id. Lamport stamps and content are kept.
std::vector<Op> adoptOps(const std::vector<Op>& ops, const std::string& author, std::uint64_t lane);

// The lane to adopt `ops` in, determined by them and `scope` (the task and
// the person): adopting the same ops again gives the same ids, so a push
// run again after a failure stores nothing twice.
std::uint64_t adoptionLane(const std::string& scope, const std::vector<Op>& ops);

}  // namespace limn::annot
