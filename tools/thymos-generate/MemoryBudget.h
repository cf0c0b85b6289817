//===- MemoryBudget.h - thymos-generate's --mem-report and --mem-budget -----===//
//
// The plan's items (runtime/MemoryReport.h) plus what this process adds: its
// resident set before the weights are touched (code, libraries, the plan's
// records, the tokenizer, and for -m the compiler's leftovers) and the
// worker threads' stacks. With -m and a budget but no -c, the context is the
// largest that fits (chooseContext in ModelImport.cpp).
//
//===----------------------------------------------------------------------===//
#pragma once

#include "runtime/MemoryReport.h"

namespace thymos::generate {

/// The stack a worker thread touches (its 8 MiB are reserved, not resident).
inline constexpr uint64_t kThreadStackBytes = uint64_t(128) << 10;
/// The kernels' code and the heap that a run first touches after the report
/// (executor records aside): measured on stories260K on x86-64 at 0.2-0.3 MiB.
inline constexpr uint64_t kRunWorkingSetBytes = uint64_t(256) << 10;

/// memoryReport(plan), then this process as it is now and `threads` threads.
rt::MemoryReport generateMemoryReport(const rt::Plan &plan, unsigned threads);

} // namespace thymos::generate
