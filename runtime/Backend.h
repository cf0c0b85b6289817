//===- Backend.h - The seam between the executor and a device ---------------===//
//
// A backend is what runs a plan's steps on one kind of device: the CPU
// backend (runtime/cpu/CpuBackend.h) with interpreted kernels today, a CUDA
// backend next. The loader picks the backend from the memory spaces the plan
// puts its regions in (PlanFormat.h, RegionRecord) and asks it about every
// step; the executor asks it for the regions' memory and for a BoundSteps,
// the plan's steps bound to that memory, and then only calls runStep() in the
// step loop. No code outside a backend asks which backend it is.
//
//   Plan::load ── selectBackend(regions) ──► Backend::checkStep(each step)
//   Executor::create ──► Backend::prepare ──► Backend::allocate(arena, state)
//                    ──► Backend::bind ──► BoundSteps
//   Executor::run ──► BoundSteps::runWholeEntry, or else
//                     BoundSteps::runStep(i) for each step ──► BoundSteps::copy (updates)
//                 ──► BoundSteps::finishEntry
//
// A Backend object holds no plan data: it is a constant table of functions,
// like the kernel table it usually wraps. Per-plan state lives in BoundSteps.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "runtime/PlanFormat.h"
#include "runtime/cpu/Kernels.h"

#include <memory>

namespace thymos::rt {

class Plan;

/// A plan's steps, bound to the tensors' memory, ready to run.
class BoundSteps {
public:
  virtual ~BoundSteps() = default;
  /// Runs step `index` (plan-wide). `threads` may be null. Must not allocate
  /// on the heap unless it fails: this is the step loop.
  virtual Status runStep(uint32_t index, ThreadPool *threads) = 0;
  /// Copies `bytes` between two tensors of this backend's memory that may
  /// overlap (state updates). Must not allocate.
  virtual void copy(void *destination, const void *source, uint64_t bytes) = 0;
  /// Host memory to this backend's, and back (a device's inputs, outputs and
  /// state; plain copies for host memory). Must not allocate.
  virtual Status upload(void *destination, const void *hostSource, uint64_t bytes);
  virtual Status download(void *hostDestination, const void *source, uint64_t bytes);
  /// Runs entry `entry`'s steps and then its state updates as one unit,
  /// where the backend can (CUDA: a graph captured on the entry's first run
  /// and replayed after); `ran` false leaves them to the executor's step
  /// loop. Must not allocate after the first call for an entry.
  virtual Status runWholeEntry(uint32_t entry, bool &ran) {
    (void)entry;
    ran = false;
    return Status::success();
  }
  /// After an entry's last step: waits for it and reports what its steps
  /// found (a device's fault words). Must not allocate unless it fails.
  virtual Status finishEntry() { return Status::success(); }
};

class Backend {
public:
  virtual ~Backend() = default;
  /// "CPU", "CUDA": used in messages ("the CPU backend has no kernel ...").
  virtual const char *name() const = 0;
  /// Whether this backend can read and write memory in `space`.
  virtual bool addresses(plan::MemorySpace space) const = 0;
  /// Load time: whether the backend can run `op` with `call`'s operand and
  /// output types and params (the views' data pointers are null). It
  /// validates everything its run-time code relies on.
  virtual Status checkStep(OpKind op, const KernelCall &call) const = 0;
  /// Before anything is allocated: whether the device can be used at all
  /// (CUDA: the driver is there and a device answers).
  virtual Status prepare() const { return Status::success(); }
  /// `bytes` of zeroed memory in `space`, 64-byte aligned and rounded up to a
  /// multiple of 64 (at least 64 bytes); an error saying what was asked (and,
  /// on a device, what is free) when it cannot be had. `what` names the
  /// buffer in that message ("the arena").
  virtual Status allocate(plan::MemorySpace space, uint64_t bytes, const char *what,
                          unsigned char *&out) const = 0;
  /// Frees what allocate() returned.
  virtual void release(plan::MemorySpace space, unsigned char *memory) const = 0;
  /// Binds every step of `plan` to `views` (one per tensor, data pointers
  /// set); the plan and the views must outlive `out`.
  virtual Status bind(const Plan &plan, const TensorView *views,
                      std::unique_ptr<BoundSteps> &out) const = 0;
};

/// The memory space of storage region `storage` in `plan` (host unless a
/// RegionRecord says otherwise).
plan::MemorySpace regionSpace(const Plan &plan, plan::Storage storage);

/// The backend that addresses every region of `plan`; an error naming the
/// region and its memory space when none does. Backend.cpp lists the
/// backends this runtime was built with.
Status selectBackend(const Plan &plan, const Backend *&out);

} // namespace thymos::rt
