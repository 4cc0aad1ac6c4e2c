// Lanes: why two editing sessions of one person never make the same op id.
//
// An op's id is "author#counter" (op_envelope.h), and the server acknowledges
// an id it already holds from the same author as a retry. One person may edit
// a task in two places at once (two devices, two tabs, a CLI run beside the
// browser); if both counted 1, 2, 3, ... the second place's edits would be
// acknowledged as retries and never stored. So every editing session draws a
// random lane and numbers its ops within it:
//
//   counter = lane << kOpLaneShift | n,   n = 1, 2, ... 2^20 - 1
//
// Each author's ops must keep their order within a lane (the server and
// every reader check it); lanes interleave freely. Lanes have 33 bits, so a
// counter stays below 2^53 and is exact as a JavaScript number; two sessions
// of one person on one task share a lane with probability 2^-33. Lane 0 holds
// the ops numbered before lanes existed (ana#1, ana#2, ...).
#pragma once

#include <cstdint>

namespace limn::sync {

inline constexpr unsigned kOpLaneShift = 20;
inline constexpr std::uint64_t kOpsPerLane = (std::uint64_t{1} << kOpLaneShift) - 1;
inline constexpr unsigned kOpLaneBits = 33;
inline constexpr std::uint64_t kMaxOpLane = (std::uint64_t{1} << kOpLaneBits) - 1;

constexpr std::uint64_t opLane(std::uint64_t counter) { return counter >> kOpLaneShift; }
// The counter a session in `lane` holds before its first op.
constexpr std::uint64_t laneStart(std::uint64_t lane) { return lane << kOpLaneShift; }
// Whether the op numbered `counter` is the last its lane has room for.
constexpr bool laneFull(std::uint64_t counter) { return (counter & kOpsPerLane) == kOpsPerLane; }

// A lane for a new editing session: uniformly random in 1 .. kMaxOpLane.
std::uint64_t drawOpLane();

}  // namespace limn::sync
