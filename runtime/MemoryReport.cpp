//===- MemoryReport.cpp - What running a plan keeps resident, itemized ------===//

#include "runtime/MemoryReport.h"

#include "runtime/Backend.h"
#include "runtime/cuda/Cublas.h"
#include "runtime/cuda/GemmOperands.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <unistd.h>

namespace thymos::rt {

namespace {

using namespace plan;

/// Weights only `gather` reads (a token embedding): resident by rows, as
/// tokens arrive, not whole.
std::vector<bool> gatheredOnly(const Plan &plan) {
  std::vector<int> uses(plan.tensors().size(), 0), gathers(plan.tensors().size(), 0);
  for (const StepRecord &s : plan.steps())
    for (uint32_t k = 0; k < s.inputCount; ++k) {
      const uint32_t t = plan.indices()[s.inputStart + k];
      ++uses[t];
      gathers[t] += static_cast<OpKind>(s.opcode) == OpKind::Gather && k == 0;
    }
  std::vector<bool> only(plan.tensors().size());
  for (size_t t = 0; t < only.size(); ++t)
    only[t] = uses[t] > 0 && uses[t] == gathers[t];
  return only;
}

std::string fileName(const std::string &path) {
  const size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

/// The CUDA backend's own buffers: the GEMM scratch, cuBLAS's workspace,
/// and the module (its largest cubin).
void cudaBuffers(const Plan &plan, MemoryReport &r) {
  uint64_t scratch = 0;
  bool gemms = false;
  for (size_t i = 0; i < plan.cudaKernels().size(); ++i) {
    if (!(plan.cudaKernels()[i].flags & kCudaKernelGemm))
      continue;
    cuda::GemmOperands g;
    if (cuda::stepGemmOperands(plan, i, g))
      scratch = std::max(scratch, g.scratchBytes);
    gemms = true;
  }
  if (gemms)
    r.items.push_back({"GEMM operands in f16 and cuBLAS workspace",
                       scratch + cuda::kCublasWorkspaceBytes, true, "prefill"});
  uint64_t module = 0;
  for (const CudaImageRecord &image : plan.cudaImages())
    module = std::max<uint64_t>(module, image.bytes);
  r.items.push_back({"kernels", module, true, "the largest image of the module"});
}

} // namespace

uint64_t MemoryReport::host() const {
  uint64_t total = 0;
  for (const MemoryItem &i : items)
    total += i.device ? 0 : i.bytes;
  return total;
}

uint64_t MemoryReport::device() const {
  uint64_t total = 0;
  for (const MemoryItem &i : items)
    total += i.device ? i.bytes : 0;
  return total;
}

std::string MemoryReport::table() const {
  std::string out;
  char line[256];
  for (const MemoryItem &i : items) {
    std::snprintf(line, sizeof line, "  %-44s %12s  %-6s %s\n", i.what.c_str(),
                  formatBytes(i.bytes).c_str(), i.device ? "device" : "host", i.note.c_str());
    out += line;
  }
  std::snprintf(line, sizeof line, "  %-44s %12s  host\n", "total", formatBytes(host()).c_str());
  out += line;
  if (device() > 0) {
    std::snprintf(line, sizeof line, "  %-44s %12s  device\n", "total",
                  formatBytes(device()).c_str());
    out += line;
  }
  return out;
}

MemoryReport memoryReport(const Plan &plan) {
  MemoryReport r;
  const bool onDevice = regionSpace(plan, Storage::Arena) == MemorySpace::CudaDevice;
  const std::vector<bool> gathered = gatheredOnly(plan);
  // Weights, per file, each once (a prefill and a decode graph share them);
  // a token embedding, which only gathers read, apart.
  std::vector<bool> onlyGathered(plan.weights().size(), true);
  for (size_t t = 0; t < plan.tensors().size(); ++t)
    if (plan.tensors()[t].storage == uint8_t(Storage::Weight) && !gathered[t])
      onlyGathered[plan.tensors()[t].offset] = false;
  std::vector<uint64_t> perFile(plan.weightFiles().size(), 0);
  uint64_t embedding = 0;
  for (size_t i = 0; i < plan.weights().size(); ++i) {
    const WeightRecord &w = plan.weights()[i];
    (onlyGathered[i] ? embedding : perFile[w.file]) += w.bytes;
  }
  for (size_t f = 0; f < perFile.size(); ++f)
    if (perFile[f] > 0)
      r.items.push_back({"weights (" + fileName(plan.weightFilePath(f)) + ")", perFile[f],
                         onDevice,
                         onDevice ? "uploaded once; on an integrated GPU, read in place"
                                  : "mapped; quantized matmul weights copied (Q4_0/Q8_0 "
                                    "repacked), file pages released"});
  if (embedding > 0)
    r.items.push_back({"token embedding", embedding, onDevice,
                       onDevice ? "uploaded once" : "mapped; rows become resident as tokens arrive"});
  uint64_t constants = 0;
  for (const TensorRecord &t : plan.tensors())
    constants += t.storage == uint8_t(Storage::Constant) ? t.bytes : 0;
  if (constants > 0)
    r.items.push_back({"constants", constants, onDevice, "in the plan file"});
  const FileHeader &h = plan.header();
  const bool stateOnDevice = regionSpace(plan, Storage::State) == MemorySpace::CudaDevice;
  r.items.push_back({"state (KV cache)", h.stateBytes, stateOnDevice,
                     stateOnDevice ? "" : "zeroed by the kernel: rows become resident as "
                                          "tokens arrive"});
  r.items.push_back({"arena (every intermediate tensor)", h.arenaBytes, onDevice, ""});
  if (onDevice) {
    uint64_t copies = 0;
    std::vector<bool> counted(plan.tensors().size(), false);
    for (const EntryRecord &e : plan.entries())
      for (uint32_t k = 0; k < e.inputCount + e.outputCount; ++k) {
        const uint32_t t = plan.indices()[k < e.inputCount ? e.inputStart + k
                                                           : e.outputStart + k - e.inputCount];
        if (plan.tensors()[t].storage == uint8_t(Storage::Arena) && !counted[t]) {
          counted[t] = true;
          copies += plan.tensors()[t].bytes;
        }
      }
    r.items.push_back({"host copies of inputs and outputs", copies, false,
                       "the state's copy is resident only once read back"});
    cudaBuffers(plan, r);
  }
  return r;
}

uint64_t residentBytes() {
  FILE *f = std::fopen("/proc/self/statm", "r");
  if (!f)
    return 0;
  unsigned long long size = 0, resident = 0;
  const int read = std::fscanf(f, "%llu %llu", &size, &resident);
  std::fclose(f);
  return read == 2 ? resident * static_cast<uint64_t>(sysconf(_SC_PAGESIZE)) : 0;
}

uint64_t peakResidentBytes() {
  FILE *f = std::fopen("/proc/self/status", "r");
  if (!f)
    return 0;
  unsigned long long kib = 0;
  char line[256];
  while (std::fgets(line, sizeof line, f))
    if (std::sscanf(line, "VmHWM: %llu kB", &kib) == 1)
      break;
  std::fclose(f);
  return kib * 1024;
}

uint64_t residentMappedBytes(const void *begin, uint64_t bytes) {
  FILE *f = std::fopen("/proc/self/smaps", "r");
  if (!f)
    return 0;
  const auto lo = reinterpret_cast<uintptr_t>(begin), hi = lo + bytes;
  uint64_t total = 0;
  bool inside = false;
  char line[512];
  while (std::fgets(line, sizeof line, f)) {
    unsigned long long start, end, kib;
    // A mapping's header line is "start-end perms ...": its Rss line follows.
    if (std::sscanf(line, "%llx-%llx ", &start, &end) == 2)
      inside = start < hi && end > lo;
    else if (inside && std::sscanf(line, "Rss: %llu kB", &kib) == 1)
      total += kib * 1024;
  }
  std::fclose(f);
  return total;
}

bool parseByteSize(const std::string &text, uint64_t &bytes, std::string &error) {
  error = "'" + text + "' is not a size (say 3.5GiB, 512MiB, 2G or a number of bytes)";
  char *end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (end == text.c_str() || !(value >= 0) || !std::isfinite(value))
    return false;
  std::string unit(end);
  double scale = 1;
  const std::string prefixes = "KMGT";
  if (!unit.empty() && unit != "B") {
    const size_t p = prefixes.find(static_cast<char>(std::toupper(unit[0])));
    const std::string rest = unit.substr(1);
    if (p == std::string::npos || !(rest.empty() || rest == "iB" || rest == "B"))
      return false;
    scale = std::pow(rest == "B" ? 1000.0 : 1024.0, double(p + 1));
  }
  const double total = value * scale;
  if (total > 1.8e19)
    return false;
  bytes = static_cast<uint64_t>(total);
  return true;
}

std::string formatBytes(uint64_t bytes) {
  char out[32];
  if (bytes < 1024)
    std::snprintf(out, sizeof out, "%llu bytes", static_cast<unsigned long long>(bytes));
  else if (bytes < (uint64_t(1) << 20))
    std::snprintf(out, sizeof out, "%.1f KiB", double(bytes) / 1024);
  else if (bytes < (uint64_t(1) << 30))
    std::snprintf(out, sizeof out, "%.1f MiB", double(bytes) / (1 << 20));
  else
    std::snprintf(out, sizeof out, "%.2f GiB", double(bytes) / (1 << 30));
  return out;
}

Status checkBudget(const MemoryReport &report, uint64_t budget) {
  const uint64_t total = report.host() + report.device();
  if (total <= budget)
    return Status::success();
  std::vector<const MemoryItem *> largest;
  uint64_t fixed = 0;
  for (const MemoryItem &i : report.items) {
    fixed += i.fixed ? i.bytes : 0;
    if (!i.fixed)
      largest.push_back(&i);
  }
  std::sort(largest.begin(), largest.end(),
            [](const MemoryItem *a, const MemoryItem *b) { return a->bytes > b->bytes; });
  std::string shrink;
  for (size_t k = 0; k < largest.size() && k < 2; ++k)
    shrink += (k ? " or " : "") + largest[k]->what + " (" + formatBytes(largest[k]->bytes) + ")";
  if (fixed >= budget)
    shrink = "nothing a model can: the runtime itself takes " + formatBytes(fixed) +
             "; raise the budget";
  return Status::error("this needs " + formatBytes(total) + ", more than the memory budget of " +
                       formatBytes(budget) + " by " + formatBytes(total - budget) + ":\n" +
                       report.table() + "what would have to shrink: " + shrink);
}

} // namespace thymos::rt
