//===- MemoryBudget.cpp - thymos-generate's --mem-report and --mem-budget ---===//

#include "MemoryBudget.h"

#include "runtime/MappedFile.h"

#include <thread>

namespace thymos::generate {

rt::MemoryReport generateMemoryReport(const rt::Plan &plan, unsigned threads) {
  rt::MemoryReport r = rt::memoryReport(plan);
  // The weight files' pages read so far (headers, the load-time checks'
  // windows) are counted with the weights, not twice.
  uint64_t process = rt::residentBytes(), weightPages = 0;
  for (size_t f = 0; f < plan.weightFiles().size(); ++f)
    weightPages += rt::residentMappedBytes(plan.weightFile(f).data(), plan.weightFile(f).size());
  r.items.insert(r.items.begin(),
                 {"this process so far", process > weightPages ? process - weightPages : 0,
                  false, "code, libraries, plan records, tokenizer (measured)", true});
  r.items.push_back({"code and records the run first touches",
                     kRunWorkingSetBytes + 2 * sizeof(rt::TensorView) * plan.tensors().size(),
                     false, "kernels' code, executor records (estimate)", true});
  if (threads == 0)
    threads = std::thread::hardware_concurrency();
  if (threads > 1)
    r.items.push_back({std::to_string(threads - 1) + " worker threads",
                       (threads - 1) * kThreadStackBytes, false, "stacks"});
  return r;
}

} // namespace thymos::generate
