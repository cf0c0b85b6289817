//===- Executor.h - Running the entries of a loaded plan ---------------------===//
//
// An executor owns the arena and the state buffer, allocated once when it is
// created by the plan's backend (runtime/Backend.h), and the plan's steps
// bound to them. run() is the step loop: it performs no heap allocation
// (test/runtime checks this).
//
//===----------------------------------------------------------------------===//
#pragma once

#include "runtime/Backend.h"
#include "runtime/Plan.h"
#include "runtime/cpu/Kernels.h"

#include <cstdlib>
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
  /// outliving the executor; in the memory space the plan puts them in (host
  /// memory for every plan the CPU backend runs).
  struct Memory {
    unsigned char *arena;
    unsigned char *state;
  };
  static Status create(const Plan &plan, ThreadPool *threads, const Memory &memory,
                       std::unique_ptr<Executor> &out);

  const Plan &plan() const { return plan_; }
  /// Tensor `index` with its data pointer (inputs are written through it).
  /// For a plan in device memory, entry inputs, outputs and state tensors
  /// point at host copies: run() uploads the inputs (and, on the first run,
  /// the state) and downloads the outputs; fetchState() downloads the state.
  const TensorView &view(uint32_t index) const { return views_[index]; }
  /// Makes the host copies of the state current (device plans; a no-op for
  /// plans in host memory, whose views are the state itself).
  Status fetchState();
  /// Tensor indices of an entry's inputs, outputs, and state updates.
  const uint32_t *entryInputs(uint32_t entry) const;
  const uint32_t *entryOutputs(uint32_t entry) const;

  /// Runs every step of `entry` in order, then applies its state updates.
  /// An error names the entry, the step's index within it and its op
  /// ("@decode step 3 (gather): gather: index 9 ...").
  /// When `stepNanos` is not null (an array of the entry's stepCount values),
  /// each step's wall time in nanoseconds is added to its element, so that
  /// repeated runs accumulate; the loop still allocates nothing.
  Status run(uint32_t entry, uint64_t *stepNanos = nullptr);

private:
  explicit Executor(const Plan &plan) : plan_(plan) {}
  /// Points every tensor at `arena` and `state` and binds the steps.
  Status bind(unsigned char *arena, unsigned char *state);
  /// Device plans: host copies for the tensors callers read and write.
  void mirrorHostTensors();
  Status uploadInputs(const plan::EntryRecord &e);

  const Plan &plan_;
  ThreadPool *threads_ = nullptr;
  unsigned char *ownedArena_ = nullptr; // null when the caller provides the memory
  unsigned char *ownedState_ = nullptr;
  std::vector<TensorView> views_; // per tensor, as callers see them
  // Device plans only: the tensors as the steps see them, the host copies
  // (views_ of mirrored tensors point into hostCopies_), and which are state.
  std::vector<TensorView> deviceViews_;
  // From calloc: the kernel's zero pages, resident only once written (a KV
  // cache mirror that no one reads back costs no host memory).
  struct FreeDeleter {
    void operator()(unsigned char *p) const { std::free(p); }
  };
  std::unique_ptr<unsigned char, FreeDeleter> hostCopies_;
  std::vector<uint32_t> mirroredState_;
  bool stateUploaded_ = false;
  std::unique_ptr<BoundSteps> steps_;
};

} // namespace thymos::rt
