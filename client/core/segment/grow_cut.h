// Multi-seed grow-cut: the user paints a few strokes per label (and one for
// background); every other voxel takes the label of the seed it reaches
// most cheaply, where stepping between neighbours costs their intensity
// difference. This is the shortest-path form of the grow-cut automaton
// (Zhu et al., "Fast GrowCut", 2014): one Dijkstra pass instead of
// iterating the automaton to convergence, the same labelling for the same
// seeds, and fast enough to re-run after every stroke.
#pragma once

#include <cstdint>
#include <vector>

#include "client/core/segment/voxel_grid.h"
#include "shared/error/result.h"

namespace limn::segment {

// `seeds` holds a label per voxel: 0 = not a seed, 1..255 = a label. The
// result holds a label for every voxel a seed reaches (all of them unless
// the grid has no seed).
Result<std::vector<std::uint8_t>> growCut(const ValueGrid& grid, const std::vector<std::uint8_t>& seeds,
                                          Connectivity connectivity = Connectivity::kFaces);

// One label's grown region (one slice) shared among the annotations whose
// strokes seeded it, so two lesions painted apart stay two annotations:
// each owner gets the connected parts of `region` its seed pixels touch; a
// part touched by several owners goes to the first of them (their strokes
// were one structure). An owner left with an empty mask seeded only parts
// that went to another.
std::vector<VoxelMask> splitAmongSeedOwners(const GridSize& size, const VoxelMask& region,
                                            const std::vector<VoxelMask>& ownerSeeds);

}  // namespace limn::segment
