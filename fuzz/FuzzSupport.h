//===- FuzzSupport.h - What the fuzz targets share --------------------------===//
//
// Each target defines LLVMFuzzerTestOneInput(). Built with libFuzzer it is a
// fuzzer; built with ReplayMain.cpp instead it replays the regression corpus
// in test/fuzz-regressions/ as part of the normal test suite. Both builds
// share these helpers.
//
// A target returns normally on any input the code under test rejects with a
// diagnostic; it calls fuzzFailure() (which aborts, so both libFuzzer and the
// replay driver report it) when an invariant the project promises is broken,
// for instance a plan written by the compiler that the runtime rejects.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "runtime/Executor.h"
#include "runtime/Plan.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

namespace thymos::fuzz {

[[noreturn]] inline void fuzzFailure(const std::string &what) {
  std::fprintf(stderr, "fuzz invariant broken: %s\n", what.c_str());
  std::abort();
}

/// Plans whose arena and state together stay under this are executed after
/// they load: big enough for every example's shapes scaled down, small
/// enough that a step costs microseconds, not seconds.
inline constexpr uint64_t kMaxExecutedBytes = 64 * 1024;
/// More steps than this are not executed, for the same reason.
inline constexpr size_t kMaxExecutedSteps = 64;

/// Fills `bytes` bytes at `memory` deterministically: a fixed nonzero
/// pattern mixed with `seed` (the fuzz input, repeated), so that every
/// tensor the plan reads before writing (entry inputs, index tensors, state)
/// holds arbitrary values. Zeros would hide a step that reads an index from
/// bytes another step overwrote.
inline void fillFromSeed(unsigned char *memory, uint64_t bytes, const uint8_t *seed,
                         size_t seedSize) {
  for (uint64_t i = 0; i < bytes; ++i) {
    auto pattern = static_cast<unsigned char>(i * 0x9d + 0x5b);
    memory[i] = seedSize ? pattern ^ seed[i % seedSize] : pattern;
  }
}

/// Runs every entry of a loaded plan when the plan is small, on an arena and
/// state filled by fillFromSeed(seed). Loading promises that no step can
/// read or write outside its buffers, whatever their contents; running the
/// steps under AddressSanitizer checks that promise. A step may still fail
/// with a Status (for instance a gather index out of range); that is a
/// diagnostic, not a finding.
inline void executeIfSmall(const rt::Plan &plan, const uint8_t *seed = nullptr,
                           size_t seedSize = 0) {
  const plan::FileHeader &h = plan.header();
  if (h.arenaBytes > kMaxExecutedBytes || h.stateBytes > kMaxExecutedBytes - h.arenaBytes ||
      plan.steps().size() > kMaxExecutedSteps)
    return;
  // The executor's own memory would start zeroed: provide it instead.
  auto allocate = [](uint64_t bytes) {
    uint64_t rounded = (bytes / plan::kAlignment + 1) * plan::kAlignment;
    return std::unique_ptr<unsigned char, decltype(&std::free)>(
        static_cast<unsigned char *>(std::aligned_alloc(plan::kAlignment, rounded)), &std::free);
  };
  auto arena = allocate(h.arenaBytes), state = allocate(h.stateBytes);
  if (!arena || !state)
    return;
  fillFromSeed(arena.get(), h.arenaBytes, seed, seedSize);
  fillFromSeed(state.get(), h.stateBytes, seed, seedSize);
  std::unique_ptr<rt::Executor> executor;
  if (!rt::Executor::create(plan, nullptr, rt::Executor::Memory{arena.get(), state.get()},
                            executor))
    return;
  for (uint32_t e = 0; e < plan.entries().size(); ++e)
    (void)executor->run(e);
}

} // namespace thymos::fuzz
