//===- Executor.cpp - Running the entries of a loaded plan -------------------===//

#include "runtime/Executor.h"

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <unistd.h>

namespace thymos::rt {

using namespace plan;

namespace {
/// A zeroed, 64-byte aligned buffer of at least one byte.
unsigned char *allocateZeroed(uint64_t bytes) {
  uint64_t rounded = (bytes + kAlignment - 1) / kAlignment * kAlignment;
  if (rounded == 0)
    rounded = kAlignment;
  void *p = std::aligned_alloc(kAlignment, rounded);
  if (p)
    std::memset(p, 0, rounded);
  return static_cast<unsigned char *>(p);
}
} // namespace

void Executor::AlignedFree::operator()(unsigned char *p) const { std::free(p); }

Executor::~Executor() = default;

Status Executor::create(const Plan &plan, ThreadPool *threads, std::unique_ptr<Executor> &out) {
  std::unique_ptr<Executor> ex(new Executor(plan));
  ex->threads_ = threads;
  const FileHeader &h = plan.header();
  // The header is untrusted: a plan must not make the runtime claim more
  // memory than the machine has.
  uint64_t physical = uint64_t(sysconf(_SC_PHYS_PAGES)) * uint64_t(sysconf(_SC_PAGESIZE));
  uint64_t wanted;
  if (__builtin_add_overflow(h.arenaBytes, h.stateBytes, &wanted) || wanted > physical)
    return Status::error("the plan needs " + std::to_string(h.arenaBytes) + " arena and " +
                         std::to_string(h.stateBytes) + " state bytes, more than this machine's " +
                         std::to_string(physical) + " bytes of memory");
  ex->ownedArena_.reset(allocateZeroed(h.arenaBytes));
  ex->ownedState_.reset(allocateZeroed(h.stateBytes));
  if (!ex->ownedArena_ || !ex->ownedState_)
    return Status::error("cannot allocate the arena (" + std::to_string(h.arenaBytes) +
                         " bytes) and state (" + std::to_string(h.stateBytes) + " bytes)");
  ex->bind(ex->ownedArena_.get(), ex->ownedState_.get());
  out = std::move(ex);
  return Status::success();
}

Status Executor::create(const Plan &plan, ThreadPool *threads, const Memory &memory,
                        std::unique_ptr<Executor> &out) {
  if (!memory.arena || !memory.state ||
      reinterpret_cast<uintptr_t>(memory.arena) % kAlignment != 0 ||
      reinterpret_cast<uintptr_t>(memory.state) % kAlignment != 0)
    return Status::error("the memory for the plan must be " + std::to_string(kAlignment) +
                         "-byte aligned");
  std::unique_ptr<Executor> ex(new Executor(plan));
  ex->threads_ = threads;
  ex->bind(memory.arena, memory.state);
  out = std::move(ex);
  return Status::success();
}

void Executor::bind(unsigned char *arena, unsigned char *state) {
  const Plan &plan = plan_;
  views_.resize(plan.tensors().size());
  for (uint32_t i = 0; i < plan.tensors().size(); ++i) {
    const TensorRecord &t = plan.tensors()[i];
    TensorView view = plan.typeOf(i);
    const unsigned char *data = nullptr;
    switch (static_cast<Storage>(t.storage)) {
    case Storage::Arena: data = arena + t.offset; break;
    case Storage::Constant: data = plan.constants() + t.offset; break;
    case Storage::State: data = state + t.offset; break;
    case Storage::Weight: data = plan.weightData(t.offset); break;
    }
    // Constants and weights are never written: steps only output to the arena.
    view.data = const_cast<unsigned char *>(data);
    views_[i] = view;
  }

  const std::vector<uint32_t> &indices = plan.indices();
  size_t totalInputs = 0;
  for (const StepRecord &s : plan.steps())
    totalInputs += s.inputCount;
  stepInputs_.reserve(totalInputs);
  for (const StepRecord &s : plan.steps()) {
    size_t first = stepInputs_.size();
    for (uint32_t k = 0; k < s.inputCount; ++k)
      stepInputs_.push_back(views_[indices[s.inputStart + k]]);
    calls_.push_back(KernelCall{stepInputs_.data() + first, s.inputCount, &views_[s.output],
                                s.paramCount ? &plan.params()[s.paramStart] : nullptr,
                                s.paramCount});
    kernels_.push_back(findCpuKernel(static_cast<OpKind>(s.opcode)));
  }
}

const uint32_t *Executor::entryInputs(uint32_t entry) const {
  return plan_.indices().data() + plan_.entries()[entry].inputStart;
}

const uint32_t *Executor::entryOutputs(uint32_t entry) const {
  return plan_.indices().data() + plan_.entries()[entry].outputStart;
}

Status Executor::run(uint32_t entry, uint64_t *stepNanos) {
  if (entry >= plan_.entries().size())
    return Status::error("entry " + std::to_string(entry) + " does not exist");
  const EntryRecord &e = plan_.entries()[entry];
  // The step loop: no allocation on the success path.
  for (uint32_t i = e.stepStart; i < e.stepStart + e.stepCount; ++i) {
    using Clock = std::chrono::steady_clock;
    Clock::time_point start;
    if (stepNanos)
      start = Clock::now();
    Status s = kernels_[i]->run(calls_[i], threads_);
    if (stepNanos)
      stepNanos[i - e.stepStart] += static_cast<uint64_t>(
          std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - start).count());
    if (!s)
      return Status::error("step " + std::to_string(i) + " (" +
                           opKindName(static_cast<OpKind>(plan_.steps()[i].opcode)) +
                           "): " + s.message());
  }
  // State updates take effect after every step has read the old values.
  const uint32_t *updates = plan_.indices().data() + e.updateStart;
  for (uint32_t k = 0; k < e.updateCount; ++k) {
    const TensorView &state = views_[updates[2 * k]];
    const TensorView &value = views_[updates[2 * k + 1]];
    std::memmove(state.data, value.data, plan_.tensors()[updates[2 * k]].bytes);
  }
  return Status::success();
}

} // namespace thymos::rt
