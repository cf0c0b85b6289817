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

/// Runs every entry of a loaded plan on a zeroed arena when the plan is
/// small. Loading promises that no step can read or write outside its
/// buffers; running the steps under AddressSanitizer checks that promise.
/// A step may still fail with a Status (for instance a kernel that rejects
/// a value); that is a diagnostic, not a finding.
inline void executeIfSmall(const rt::Plan &plan) {
  const plan::FileHeader &h = plan.header();
  if (h.arenaBytes > kMaxExecutedBytes || h.stateBytes > kMaxExecutedBytes - h.arenaBytes ||
      plan.steps().size() > kMaxExecutedSteps)
    return;
  std::unique_ptr<rt::Executor> executor;
  if (!rt::Executor::create(plan, nullptr, executor))
    return;
  for (uint32_t e = 0; e < plan.entries().size(); ++e)
    (void)executor->run(e);
}

} // namespace thymos::fuzz
