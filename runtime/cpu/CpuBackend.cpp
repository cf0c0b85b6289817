//===- CpuBackend.cpp - The CPU backend: interpreted kernels in host memory -===//

#include "runtime/cpu/CpuBackend.h"

#include "runtime/Plan.h"
#include "runtime/quant/KQuant.h"
#include "runtime/quant/Quant.h"

#include <cstdlib>
#include <cstring>
#include <memory>
#include <unordered_map>
#include <vector>

#include <sys/mman.h>

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
    residentMatMulWeights(plan);
  }

  Status runStep(uint32_t index, ThreadPool *threads) override {
    return kernels_[index]->run(calls_[index], threads);
  }

  void copy(void *destination, const void *source, uint64_t bytes) override {
    std::memmove(destination, source, bytes);
  }

private:
  /// A matmul by a Q4_0 or Q8_0 weight matrix ([n, k] rows, n a multiple of
  /// 8) reads it in groups of eight rows where the quantized kernels have
  /// that path (quant::q4_0GroupsPay, q8_0GroupsPay): no horizontal sums or
  /// scale gathers per row, so a decode step's speed follows memory
  /// bandwidth (q4_0: about 3x fewer instructions per weight byte). Q4_K
  /// rows are packed four at a time where a kernel reads them so
  /// (quant::packQ4_KRows4: one stream for four rows), other K-quants keep
  /// their rows as they are. Each weight is copied once, however many steps
  /// and entries use it, into one region of anonymous memory in 2 MiB pages
  /// where the OS gives them (fewer page faults to
  /// fill it, fewer TLB misses to stream it: a 1.1B Q4_K_M model decodes
  /// about 1.4x faster than from the file's 4 KiB pages), and the file's
  /// pages are released after it, so the weight stays resident once; other
  /// ops (a tied embedding's gather) read the file's bytes as before.
  void residentMatMulWeights(const Plan &plan) {
    const bool q4 = quant::q4_0GroupsPay(quant::activeIsa());
    const bool q8 = quant::q8_0GroupsPay(quant::activeIsa());
    const bool rows4Pay = quant::q4_KRows4Pay(quant::activeIsa());
    std::unordered_map<uint64_t, size_t> offsets; // weight record -> offset in the region
    std::vector<std::pair<TensorView *, uint64_t>> uses;
    size_t total = 0;
    for (size_t i = 0; i < plan.steps().size(); ++i) {
      const StepRecord &s = plan.steps()[i];
      if (static_cast<OpKind>(s.opcode) != OpKind::MatMul || s.inputCount != 2 ||
          s.paramCount < 1 || plan.params()[s.paramStart] != 1)
        continue;
      const TensorRecord &record = plan.tensors()[plan.indices()[s.inputStart + 1]];
      TensorView &rhs = stepInputs_[static_cast<size_t>(calls_[i].inputs - stepInputs_.data()) + 1];
      const bool groupable = (rhs.dtype == DType::Q4_0 && q4) || (rhs.dtype == DType::Q8_0 && q8);
      const bool groups =
          groupable && rhs.dims[0] % 8 == 0 && rhs.dims[1] % quant::kBlockElems == 0;
      if (static_cast<Storage>(record.storage) != Storage::Weight || rhs.rank != 2 ||
          !(groups || isKQuant(rhs.dtype)))
        continue;
      if (offsets.emplace(record.offset, total).second)
        total += (record.bytes + 63) / 64 * 64;
      uses.emplace_back(&rhs, record.offset);
    }
    if (uses.empty() || !grouped_.allocate(total))
      return; // the plan's layout still works
    std::vector<bool> copied(plan.weights().size(), false);
    for (auto &[rhs, weight] : uses) {
      unsigned char *copy = grouped_.data + offsets[weight];
      const bool kQuant = isKQuant(rhs->dtype), isQ4 = rhs->dtype == DType::Q4_0;
      const bool rows4 = rhs->dtype == DType::Q4_K && rows4Pay && rhs->dims[0] % 4 == 0 &&
                         rhs->dims[1] <= quant::kRows4MaxK;
      if (!copied[weight]) {
        if (rows4)
          quant::packQ4_KRows4(rhs->data, rhs->dims[0], rhs->dims[1], copy);
        else if (kQuant)
          std::memcpy(copy, rhs->data, plan.weights()[weight].bytes);
        else
          (isQ4 ? quant::packQ4_0Groups : quant::packQ8_0Groups)(rhs->data, rhs->dims[0],
                                                                 rhs->dims[1], copy);
        plan.releaseWeightPages(weight);
        copied[weight] = true;
      }
      rhs->data = copy;
      if (rows4)
        rhs->layout = Layout::Q4_KRows4;
      else if (!kQuant)
        rhs->layout = isQ4 ? Layout::Q4_0Groups : Layout::Q8_0Groups;
    }
  }

  static bool isKQuant(DType type) {
    return type == DType::Q4_K || type == DType::Q5_K || type == DType::Q6_K;
  }

  /// Anonymous memory, in 2 MiB pages where the kernel gives them.
  struct Region {
    unsigned char *data = nullptr;
    size_t bytes = 0;
    bool allocate(size_t size) {
      void *p = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      if (p == MAP_FAILED)
        return false;
#if defined(MADV_HUGEPAGE)
      madvise(p, size, MADV_HUGEPAGE);
#endif
      data = static_cast<unsigned char *>(p);
      bytes = size;
      return true;
    }
    Region() = default;
    Region(const Region &) = delete;
    Region &operator=(const Region &) = delete;
    ~Region() {
      if (data)
        munmap(data, bytes);
    }
  };
  Region grouped_; // quantized matmul weights: in groups of eight rows, or as they are
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

  /// calloc, aligned by hand: a large calloc is fresh pages that the kernel
  /// has zeroed, so nothing is written twice, and rows of a KV cache that
  /// no token has reached yet are never touched (nor resident). The block
  /// calloc returned is kept just below the aligned start.
  Status allocate(MemorySpace space, uint64_t bytes, const char *what,
                  unsigned char *&out) const override {
    uint64_t rounded, padded;
    void *block = nullptr;
    if (space == MemorySpace::Host && alignUp(bytes == 0 ? 1 : bytes, kAlignment, rounded) &&
        checkedAdd<uint64_t>(rounded, 2 * kAlignment, padded) && padded <= SIZE_MAX)
      block = std::calloc(1, static_cast<size_t>(padded));
    if (!block)
      return Status::error(std::string("cannot allocate ") + what + " (" + std::to_string(bytes) +
                           " bytes of host memory)");
    const auto start = (reinterpret_cast<uintptr_t>(block) + kAlignment) / kAlignment * kAlignment;
    out = reinterpret_cast<unsigned char *>(start);
    std::memcpy(out - sizeof block, &block, sizeof block);
    return Status::success();
  }

  void release(MemorySpace, unsigned char *memory) const override {
    if (!memory)
      return;
    void *block;
    std::memcpy(&block, memory - sizeof block, sizeof block);
    std::free(block);
  }

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
