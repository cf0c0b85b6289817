//===- MemoryReport.h - What running a plan keeps resident, itemized --------===//
//
// Thymos plans memory statically, so what a plan will hold is known before
// anything is loaded: the weights (mapped in place, repacked, or on the
// device), the constants, the arena, the state (a model's KV cache), the
// host copies a device plan keeps of its inputs, outputs and state, and the
// CUDA backend's own buffers. memoryReport() lists them, per memory (host
// or device), and a tool adds what only it knows (the process itself, a
// tokenizer, threads). checkBudget() is the refusal a --mem-budget gives.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "runtime/Plan.h"

#include <string>
#include <vector>

namespace thymos::rt {

struct MemoryItem {
  std::string what;   ///< "weights (model.gguf)"
  uint64_t bytes = 0;
  bool device = false; ///< device memory (the GPU's), else host memory
  std::string note;   ///< "repacked for the CPU kernels", "rows read as tokens arrive"
  bool fixed = false; ///< nothing a model or option changes (the process itself)
};

struct MemoryReport {
  std::vector<MemoryItem> items;
  uint64_t host() const;
  uint64_t device() const;
  /// The itemized table, one line per item, then the totals.
  std::string table() const;
};

/// What running `plan` on its backend keeps resident (docs/memory.md).
MemoryReport memoryReport(const Plan &plan);

/// The process's resident set size now (Linux: /proc/self/statm); 0 where
/// it cannot be read.
uint64_t residentBytes();
/// The largest resident set size this process image has had (Linux:
/// VmHWM, which unlike getrusage's ru_maxrss starts afresh at exec); 0 where
/// it cannot be read.
uint64_t peakResidentBytes();
/// The resident bytes of the mappings that overlap [begin, begin + bytes)
/// (Linux: the Rss of each in /proc/self/smaps); 0 where it cannot be read.
uint64_t residentMappedBytes(const void *begin, uint64_t bytes);

/// "3.5GiB", "512MiB", "2G", "1500000" (bytes); K, M, G, T with or without
/// "iB" are powers of 1024, "KB", "MB", "GB", "TB" powers of 1000. False with
/// `error` for anything else.
bool parseByteSize(const std::string &text, uint64_t &bytes, std::string &error);
/// "1.25 GiB", "3.0 MiB", "512 bytes".
std::string formatBytes(uint64_t bytes);

/// An error when the host total (or the device total) exceeds `budget`: the
/// table, and the largest items, which are what would have to shrink.
Status checkBudget(const MemoryReport &report, uint64_t budget);

} // namespace thymos::rt
