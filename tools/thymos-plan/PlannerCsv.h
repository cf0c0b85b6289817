//===- PlannerCsv.h - The lifetimes CSV of static memory planning ----------===//
//
// The format used by static memory allocation benchmarks: a header line
// `id,lower,upper,size`, then one buffer per line, all fields integers, the
// lifetime half-open [lower, upper). Written back with an `offset` column.
// Plain C++17 so that unit tests can check the parser without LLVM.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "passes/MemoryPlanner.h"

#include <string>
#include <string_view>
#include <vector>

namespace thymos::plan {

struct CsvError {
  size_t offset = 0; ///< byte offset into the text
  size_t line = 0;   ///< 1-based
  size_t column = 0; ///< 1-based
  std::string message;
};

struct CsvParseResult {
  std::vector<passes::PlannerBuffer> buffers;
  std::vector<CsvError> errors; ///< at most one per line, in line order
};

/// Parses strictly: exact header, four integer columns, size >= 0,
/// lower < upper, unique ids. Blank lines are skipped.
CsvParseResult parsePlannerCsv(std::string_view text);

/// The input columns plus `offset`, one line per buffer in input order.
std::string writePlannerCsv(const std::vector<passes::PlannerBuffer> &buffers,
                            const std::vector<int64_t> &offsets);

} // namespace thymos::plan
