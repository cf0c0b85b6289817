//===- Profile.h - thymos-generate --profile: where a step's time goes -------===//
#pragma once

#include "runtime/Plan.h"

#include <cstdint>
#include <cstdio>
#include <vector>

namespace thymos::generate {

/// Prints, for `entry`, the time per run by op kind and by layer (the
/// `blk.N.` prefix of each step's result; "embedding/output" for the rest),
/// largest first, from per-step nanoseconds summed over `runs` runs.
void printProfile(std::FILE *out, const rt::Plan &plan, int entry,
                  const std::vector<uint64_t> &stepNanos, uint64_t runs);

} // namespace thymos::generate
