//===- CpuBackend.cpp - The CPU backend: interpreted kernels in host memory -===//

#include "runtime/cpu/CpuBackend.h"

#include "runtime/Plan.h"

#include <cstdlib>
#include <cstring>
#include <vector>

namespace thymos::rt {

using namespace plan;

namespace {

/// Every step's kernel and its precomputed call: runStep() is one indirect
/// call with no lookups.
class CpuSteps final : public BoundSteps {
public:
  CpuSteps(const Plan &plan, const TensorView *views) {
    const std::vector<uint32_t> &indices = plan.indices();
    size_t totalInputs = 0;
    for (const StepRecord &s : plan.steps())
      totalInputs += s.inputCount;
    // Reserved up front: the calls point into this vector.
    stepInputs_.reserve(totalInputs);
    calls_.reserve(plan.steps().size());
    kernels_.reserve(plan.steps().size());
    for (const StepRecord &s : plan.steps()) {
      size_t first = stepInputs_.size();
      for (uint32_t k = 0; k < s.inputCount; ++k)
        stepInputs_.push_back(views[indices[s.inputStart + k]]);
      calls_.push_back(KernelCall{stepInputs_.data() + first, s.inputCount, &views[s.output],
                                  s.paramCount ? &plan.params()[s.paramStart] : nullptr,
                                  s.paramCount});
      kernels_.push_back(findCpuKernel(static_cast<OpKind>(s.opcode)));
    }
  }

  Status runStep(uint32_t index, ThreadPool *threads) override {
    return kernels_[index]->run(calls_[index], threads);
  }

  void copy(void *destination, const void *source, uint64_t bytes) override {
    std::memmove(destination, source, bytes);
  }

private:
  std::vector<TensorView> stepInputs_; // step inputs, concatenated in step order
  std::vector<KernelCall> calls_;      // per step
  std::vector<const CpuKernel *> kernels_;
};

class CpuBackend final : public Backend {
public:
  const char *name() const override { return "CPU"; }

  bool addresses(MemorySpace space) const override { return space == MemorySpace::Host; }

  Status checkStep(OpKind op, const KernelCall &call) const override {
    const CpuKernel *kernel = findCpuKernel(op);
    if (!kernel)
      return Status::error("the CPU backend has no kernel for this op");
    return kernel->check(call);
  }

  unsigned char *allocate(MemorySpace space, uint64_t bytes) const override {
    if (space != MemorySpace::Host)
      return nullptr;
    uint64_t rounded;
    if (!alignUp(bytes, kAlignment, rounded))
      return nullptr;
    if (rounded == 0)
      rounded = kAlignment;
    void *p = std::aligned_alloc(kAlignment, rounded);
    if (p)
      std::memset(p, 0, rounded);
    return static_cast<unsigned char *>(p);
  }

  void release(MemorySpace, unsigned char *memory) const override { std::free(memory); }

  Status bind(const Plan &plan, const TensorView *views,
              std::unique_ptr<BoundSteps> &out) const override {
    out = std::make_unique<CpuSteps>(plan, views);
    return Status::success();
  }
};

} // namespace

const Backend &cpuBackend() {
  static const CpuBackend backend;
  return backend;
}

} // namespace thymos::rt
