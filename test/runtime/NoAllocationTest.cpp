//===- NoAllocationTest.cpp - The step loop performs no heap allocation -------===//
//
// DESIGN.md promises that executing a plan allocates nothing once the
// executor exists. This file replaces the global operator new and delete
// (every standard overload) with versions that count while a flag is set,
// then runs every entry of every example with the counter on. The counters
// are atomics rather than thread-locals so that work handed to a thread
// pool's workers is counted too.
//
// Only operator new/delete are seen: a kernel calling malloc directly would
// slip through, but the runtime's own code uses neither.
//
//===----------------------------------------------------------------------===//

#include "PlanFixtures.h"

#include "runtime/cpu/ThreadPool.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <cstdlib>
#include <new>

namespace {

std::atomic<bool> gCounting{false};
std::atomic<uint64_t> gAllocations{0};
std::atomic<uint64_t> gDeallocations{0};

void *allocate(std::size_t size, std::size_t alignment) {
  if (gCounting.load(std::memory_order_relaxed))
    gAllocations.fetch_add(1, std::memory_order_relaxed);
  if (size == 0)
    size = 1;
  if (alignment <= alignof(std::max_align_t))
    return std::malloc(size);
  void *p = nullptr;
  if (posix_memalign(&p, alignment < sizeof(void *) ? sizeof(void *) : alignment, size) != 0)
    return nullptr;
  return p;
}

void *allocateOrThrow(std::size_t size, std::size_t alignment) {
  void *p = allocate(size, alignment);
  if (!p)
    throw std::bad_alloc();
  return p;
}

void deallocate(void *p) {
  if (p && gCounting.load(std::memory_order_relaxed))
    gDeallocations.fetch_add(1, std::memory_order_relaxed);
  std::free(p);
}

constexpr std::size_t kDefault = alignof(std::max_align_t);

/// Where the sanity check's pointers escape to.
void *volatile gSink;

} // namespace

// --- The replaced global allocation functions ([new.delete]) -----------------

void *operator new(std::size_t n) { return allocateOrThrow(n, kDefault); }
void *operator new[](std::size_t n) { return allocateOrThrow(n, kDefault); }
void *operator new(std::size_t n, std::align_val_t a) { return allocateOrThrow(n, std::size_t(a)); }
void *operator new[](std::size_t n, std::align_val_t a) { return allocateOrThrow(n, std::size_t(a)); }
void *operator new(std::size_t n, const std::nothrow_t &) noexcept { return allocate(n, kDefault); }
void *operator new[](std::size_t n, const std::nothrow_t &) noexcept { return allocate(n, kDefault); }
void *operator new(std::size_t n, std::align_val_t a, const std::nothrow_t &) noexcept {
  return allocate(n, std::size_t(a));
}
void *operator new[](std::size_t n, std::align_val_t a, const std::nothrow_t &) noexcept {
  return allocate(n, std::size_t(a));
}

void operator delete(void *p) noexcept { deallocate(p); }
void operator delete[](void *p) noexcept { deallocate(p); }
void operator delete(void *p, std::size_t) noexcept { deallocate(p); }
void operator delete[](void *p, std::size_t) noexcept { deallocate(p); }
void operator delete(void *p, std::align_val_t) noexcept { deallocate(p); }
void operator delete[](void *p, std::align_val_t) noexcept { deallocate(p); }
void operator delete(void *p, std::size_t, std::align_val_t) noexcept { deallocate(p); }
void operator delete[](void *p, std::size_t, std::align_val_t) noexcept { deallocate(p); }
void operator delete(void *p, const std::nothrow_t &) noexcept { deallocate(p); }
void operator delete[](void *p, const std::nothrow_t &) noexcept { deallocate(p); }
void operator delete(void *p, std::align_val_t, const std::nothrow_t &) noexcept { deallocate(p); }
void operator delete[](void *p, std::align_val_t, const std::nothrow_t &) noexcept {
  deallocate(p);
}

using namespace thymos;

namespace {

struct Counts {
  uint64_t allocations = 0;
  uint64_t deallocations = 0;
};

/// Runs `f` with the counters on.
template <typename F> Counts counting(F &&f) {
  gAllocations = 0;
  gDeallocations = 0;
  gCounting = true;
  f();
  gCounting = false;
  return {gAllocations.load(), gDeallocations.load()};
}

/// Re-runs the steps of `entry` one by one, each kernel called as the
/// executor calls it, and names the ops that allocate.
std::string allocatingOps(const rt::Executor &executor, uint32_t entry, rt::ThreadPool *threads) {
  const rt::Plan &plan = executor.plan();
  const plan::EntryRecord &e = plan.entries()[entry];
  std::string culprits;
  for (uint32_t i = e.stepStart; i < e.stepStart + e.stepCount; ++i) {
    const plan::StepRecord &s = plan.steps()[i];
    std::vector<rt::TensorView> inputs;
    for (uint32_t k = 0; k < s.inputCount; ++k)
      inputs.push_back(executor.view(plan.indices()[s.inputStart + k]));
    rt::KernelCall call{inputs.data(), s.inputCount, &executor.view(s.output),
                        s.paramCount ? &plan.params()[s.paramStart] : nullptr, s.paramCount};
    const rt::CpuKernel *kernel = rt::findCpuKernel(static_cast<rt::OpKind>(s.opcode));
    Counts c = counting([&] { (void)kernel->run(call, threads); });
    if (c.allocations || c.deallocations)
      culprits += " step " + std::to_string(i) + " (" +
                  rt::opKindName(static_cast<rt::OpKind>(s.opcode)) + "): " +
                  std::to_string(c.allocations) + " new, " + std::to_string(c.deallocations) +
                  " delete;";
  }
  return culprits;
}

/// Every entry of the example, in plan order (so fitting entries set the
/// state that later ones read), twice each (the second time timing its
/// steps), with the counters on.
void checkNoAllocation(const std::string &file, rt::ThreadPool *threads) {
  const std::vector<unsigned char> &bytes = test::examplePlan(file);
  std::unique_ptr<rt::Plan> plan;
  rt::Status loaded = rt::Plan::loadFromMemory(bytes.data(), bytes.size(), file, plan);
  if (test::unsupportedByKernels(loaded)) {
    WARN("SKIPPED: " << loaded.message());
    return;
  }
  INFO(loaded.message());
  REQUIRE(loaded.ok());
  std::unique_ptr<rt::Executor> executor;
  REQUIRE(rt::Executor::create(*plan, threads, executor).ok());
  for (uint32_t e = 0; e < plan->entries().size(); ++e) {
    test::fillEntryInputs(*executor, e);
    // The second round also collects step times (thymos-run --time) into
    // storage allocated here.
    std::vector<uint64_t> stepNanos(plan->entries()[e].stepCount, 0);
    for (int round = 1; round <= 2; ++round) {
      rt::Status status;
      Counts c = counting(
          [&] { status = executor->run(e, round == 2 ? stepNanos.data() : nullptr); });
      INFO(file << " @" << plan->string(plan->entries()[e].name) << ", run " << round);
      INFO("run: " << (status.ok() ? "ok" : status.message()));
      REQUIRE(status.ok());
      if (c.allocations || c.deallocations)
        FAIL_CHECK("the step loop allocated: " << c.allocations << " new, " << c.deallocations
                                               << " delete;" << allocatingOps(*executor, e, threads));
      CHECK(c.allocations == 0);
      CHECK(c.deallocations == 0);
    }
  }
}

} // namespace

TEST_CASE("the counting operator new sees allocations", "[alloc]") {
  // Without this, a broken replacement would make the real test pass
  // vacuously. The pointers escape through a volatile so that the compiler
  // cannot elide the new/delete pairs.
  Counts c = counting([] {
    int *p = new int(7);
    gSink = p;
    delete p;
    auto *q = new (std::align_val_t(128)) double[3];
    gSink = q;
    ::operator delete[](q, std::align_val_t(128));
    std::vector<char> v(100);
    gSink = v.data();
  });
  CHECK(c.allocations == 3);
  CHECK(c.deallocations == 3);
}

TEST_CASE("running an entry allocates nothing, on the calling thread", "[alloc]") {
  for (const std::string &file : test::exampleFiles())
    SECTION(file) { checkNoAllocation(file, nullptr); }
}

TEST_CASE("running an entry allocates nothing, with a pool of 2 threads", "[alloc]") {
  rt::ThreadPool threads(2);
  REQUIRE(threads.size() == 2);
  for (const std::string &file : test::exampleFiles())
    SECTION(file) { checkNoAllocation(file, &threads); }
}
