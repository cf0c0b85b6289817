//===- PlanDump.h - A loaded plan printed for people (thymos-run --dump) -----===//
//
// The reader for humans of plan.bin, as iree-dump-module is for IREE's
// modules: the header, the section table with sizes and checksums, every
// tensor, every entry with its steps (op, operands, params) and updates, the
// weight files and weights. It prints only what the loader validated, so any
// plan that loads can be dumped and no plan can make it read out of bounds.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "runtime/Plan.h"

#include <cstddef>
#include <string>

namespace thymos::rt {

/// Appends the dump of `plan` to `out`. `file` and `fileBytes` are the bytes
/// the plan was loaded from, read again for the section table, which the
/// loaded plan does not keep; they must be the same file (the header checksum
/// is compared), else an error is returned.
Status dumpPlan(const Plan &plan, const void *file, size_t fileBytes, std::string &out);

} // namespace thymos::rt
