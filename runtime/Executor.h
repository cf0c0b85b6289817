//===- Executor.h - Running the entries of a loaded plan ---------------------===//
//
// An executor owns the arena and the state buffer, allocated once when it is
// created, and a precomputed kernel call for every step. run() is the step
// loop: it performs no heap allocation (test/runtime checks this).
//
//===----------------------------------------------------------------------===//
#pragma once

#include "runtime/Plan.h"
#include "runtime/cpu/Kernels.h"

#include <memory>
#include <vector>

namespace thymos::rt {

class Executor {
public:
  ~Executor();

  /// `threads` may be null. The plan must outlive the executor. The state
  /// buffer starts zeroed.
  static Status create(const Plan &plan, ThreadPool *threads, std::unique_ptr<Executor> &out);

  /// Memory the caller provides instead: `arena` and `state` 64-byte aligned,
  /// at least header().arenaBytes and header().stateBytes long, zeroed, and
  /// outliving the executor.
  struct Memory {
    unsigned char *arena;
    unsigned char *state;
  };
  static Status create(const Plan &plan, ThreadPool *threads, const Memory &memory,
                       std::unique_ptr<Executor> &out);

  const Plan &plan() const { return plan_; }
  /// Tensor `index` with its data pointer (inputs are written through it).
  const TensorView &view(uint32_t index) const { return views_[index]; }
  /// Tensor indices of an entry's inputs, outputs, and state updates.
  const uint32_t *entryInputs(uint32_t entry) const;
  const uint32_t *entryOutputs(uint32_t entry) const;

  /// Runs every step of `entry` in order, then applies its state updates.
  /// When `stepNanos` is not null (an array of the entry's stepCount values),
  /// each step's wall time in nanoseconds is added to its element, so that
  /// repeated runs accumulate; the loop still allocates nothing.
  Status run(uint32_t entry, uint64_t *stepNanos = nullptr);

private:
  explicit Executor(const Plan &plan) : plan_(plan) {}
  /// Points every tensor and step at `arena` and `state`.
  void bind(unsigned char *arena, unsigned char *state);

  struct AlignedFree {
    void operator()(unsigned char *p) const;
  };
  using Buffer = std::unique_ptr<unsigned char, AlignedFree>;

  const Plan &plan_;
  ThreadPool *threads_ = nullptr;
  Buffer ownedArena_; // empty when the caller provides the memory
  Buffer ownedState_;
  std::vector<TensorView> views_;      // per tensor
  std::vector<TensorView> stepInputs_; // step inputs, concatenated in step order
  std::vector<KernelCall> calls_;      // per step
  std::vector<const CpuKernel *> kernels_;
};

} // namespace thymos::rt
