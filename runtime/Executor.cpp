//===- Executor.cpp - Running the entries of a loaded plan -------------------===//

#include "runtime/Executor.h"

#include <chrono>
#include <new>
#include <unistd.h>

namespace thymos::rt {

using namespace plan;

Executor::~Executor() {
  // The bound steps point into the memory: drop them first.
  steps_.reset();
  const Backend &backend = plan_.backend();
  if (ownedArena_)
    backend.release(regionSpace(plan_, Storage::Arena), ownedArena_);
  if (ownedState_)
    backend.release(regionSpace(plan_, Storage::State), ownedState_);
}

Status Executor::create(const Plan &plan, ThreadPool *threads, std::unique_ptr<Executor> &out) {
  std::unique_ptr<Executor> ex(new Executor(plan));
  ex->threads_ = threads;
  const FileHeader &h = plan.header();
  // The header is untrusted: a plan must not make the runtime claim more
  // memory than the machine has.
  uint64_t physical = uint64_t(sysconf(_SC_PHYS_PAGES)) * uint64_t(sysconf(_SC_PAGESIZE));
  uint64_t wanted;
  if (!checkedAdd(h.arenaBytes, h.stateBytes, wanted) || wanted > physical)
    return Status::error("the plan needs " + std::to_string(h.arenaBytes) + " arena and " +
                         std::to_string(h.stateBytes) + " state bytes, more than this machine's " +
                         std::to_string(physical) + " bytes of memory");
  const Backend &backend = plan.backend();
  if (Status s = backend.prepare(); !s)
    return s;
  if (Status s = backend.allocate(regionSpace(plan, Storage::Arena), h.arenaBytes, "the arena",
                                  ex->ownedArena_);
      !s)
    return s;
  if (Status s = backend.allocate(regionSpace(plan, Storage::State), h.stateBytes, "the state",
                                  ex->ownedState_);
      !s)
    return s;
  if (Status s = ex->bind(ex->ownedArena_, ex->ownedState_); !s)
    return s;
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
  if (regionSpace(plan, Storage::Arena) != MemorySpace::Host ||
      regionSpace(plan, Storage::State) != MemorySpace::Host)
    return Status::error(std::string("a plan for the ") + plan.backend().name() +
                         " backend allocates its own memory; caller memory is host memory");
  std::unique_ptr<Executor> ex(new Executor(plan));
  ex->threads_ = threads;
  if (Status s = ex->bind(memory.arena, memory.state); !s)
    return s;
  out = std::move(ex);
  return Status::success();
}

Status Executor::bind(unsigned char *arena, unsigned char *state) {
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
  if (regionSpace(plan, Storage::Arena) == MemorySpace::Host &&
      regionSpace(plan, Storage::State) == MemorySpace::Host)
    return plan.backend().bind(plan, views_.data(), steps_);
  deviceViews_ = views_;
  mirrorHostTensors();
  return plan.backend().bind(plan, deviceViews_.data(), steps_);
}

void Executor::mirrorHostTensors() {
  const Plan &plan = plan_;
  std::vector<bool> mirrored(plan.tensors().size(), false);
  for (const EntryRecord &e : plan.entries()) {
    for (uint32_t k = 0; k < e.inputCount; ++k)
      mirrored[plan.indices()[e.inputStart + k]] = true;
    for (uint32_t k = 0; k < e.outputCount; ++k)
      mirrored[plan.indices()[e.outputStart + k]] = true;
  }
  std::vector<uint64_t> at(plan.tensors().size(), 0);
  uint64_t bytes = 0;
  for (uint32_t i = 0; i < plan.tensors().size(); ++i) {
    const TensorRecord &t = plan.tensors()[i];
    if (t.storage == uint8_t(Storage::State))
      mirrored[i] = true;
    if (!mirrored[i] || t.storage == uint8_t(Storage::Constant) ||
        t.storage == uint8_t(Storage::Weight)) {
      mirrored[i] = false;
      continue;
    }
    at[i] = bytes;
    bytes += (t.bytes + kAlignment - 1) / kAlignment * kAlignment;
  }
  // Room to align the start.
  hostCopies_.reset(static_cast<unsigned char *>(std::calloc(1, bytes + kAlignment)));
  if (!hostCopies_)
    throw std::bad_alloc();
  const auto base = reinterpret_cast<uintptr_t>(hostCopies_.get());
  unsigned char *start = hostCopies_.get() + (kAlignment - base % kAlignment) % kAlignment;
  for (uint32_t i = 0; i < plan.tensors().size(); ++i) {
    if (!mirrored[i])
      continue;
    views_[i].data = start + at[i];
    if (plan.tensors()[i].storage == uint8_t(Storage::State))
      mirroredState_.push_back(i);
  }
}

Status Executor::uploadInputs(const EntryRecord &e) {
  for (uint32_t k = 0; k < e.inputCount; ++k) {
    const uint32_t t = plan_.indices()[e.inputStart + k];
    if (Status s = steps_->upload(deviceViews_[t].data, views_[t].data, plan_.tensors()[t].bytes);
        !s)
      return s;
  }
  if (!stateUploaded_)
    for (uint32_t t : mirroredState_)
      if (Status s = steps_->upload(deviceViews_[t].data, views_[t].data,
                                    plan_.tensors()[t].bytes);
          !s)
        return s;
  stateUploaded_ = true;
  return Status::success();
}

Status Executor::fetchState() {
  for (uint32_t t : mirroredState_)
    if (Status s = steps_->download(views_[t].data, deviceViews_[t].data,
                                    plan_.tensors()[t].bytes);
        !s)
      return s;
  return Status::success();
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
  // Only an error builds the entry's name: the success path allocates nothing.
  auto entryName = [&] { return "@" + std::string(plan_.string(e.name)); };
  const bool device = !deviceViews_.empty();
  if (device)
    if (Status s = uploadInputs(e); !s)
      return Status::error(entryName() + ": " + s.message());
  // A backend that replays whole entries does so unless each step is timed.
  bool ran = false;
  if (!stepNanos)
    if (Status s = steps_->runWholeEntry(entry, ran); !s)
      return Status::error(entryName() + ": " + s.message());
  // The step loop: no allocation on the success path.
  for (uint32_t k = 0; k < e.stepCount && !ran; ++k) {
    const uint32_t i = e.stepStart + k;
    using Clock = std::chrono::steady_clock;
    Clock::time_point start;
    if (stepNanos)
      start = Clock::now();
    Status s = steps_->runStep(i, threads_);
    if (stepNanos)
      stepNanos[k] += static_cast<uint64_t>(
          std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - start).count());
    if (!s)
      return Status::error(entryName() + " step " +
                           std::to_string(k) + " (" +
                           opKindName(static_cast<OpKind>(plan_.steps()[i].opcode)) +
                           "): " + s.message());
  }
  // State updates take effect after every step has read the old values.
  const std::vector<TensorView> &stepViews = device ? deviceViews_ : views_;
  const uint32_t *updates = plan_.indices().data() + e.updateStart;
  for (uint32_t k = 0; k < e.updateCount && !ran; ++k) {
    const TensorView &state = stepViews[updates[2 * k]];
    const TensorView &value = stepViews[updates[2 * k + 1]];
    steps_->copy(state.data, value.data, plan_.tensors()[updates[2 * k]].bytes);
  }
  if (Status s = steps_->finishEntry(); !s)
    return Status::error(entryName() + " " + s.message());
  if (device)
    for (uint32_t k = 0; k < e.outputCount; ++k) {
      const uint32_t t = plan_.indices()[e.outputStart + k];
      const uint8_t storage = plan_.tensors()[t].storage;
      if (storage == uint8_t(Storage::Constant) || storage == uint8_t(Storage::Weight))
        continue; // returned as it is in the plan: already host memory
      if (Status s = steps_->download(views_[t].data, deviceViews_[t].data,
                                      plan_.tensors()[t].bytes);
          !s)
        return Status::error(entryName() + ": " + s.message());
    }
  return Status::success();
}

} // namespace thymos::rt
