//===- ThreadPool.cpp - A fixed pool of worker threads for CPU kernels ------===//

#include "runtime/cpu/ThreadPool.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

namespace thymos::rt {

namespace {

/// How long to spin before sleeping: about 50 microseconds of pauses, more
/// than the gap between two jobs of a step, far less than between tokens.
constexpr int kSpinRounds = 20000;

inline void cpuRelax() {
#if defined(__x86_64__) || defined(__i386__)
  _mm_pause();
#elif defined(__aarch64__)
  asm volatile("yield");
#endif
}

} // namespace

ThreadPool::ThreadPool(unsigned threads) {
  if (threads == 0)
    threads = std::thread::hardware_concurrency();
  if (threads == 0)
    threads = 1;
  numWorkers_ = threads - 1 < kMaxWorkers ? threads - 1 : kMaxWorkers;
  for (unsigned i = 0; i < numWorkers_; ++i)
    workers_[i] = std::thread([this] { workerLoop(); });
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  for (unsigned i = 0; i < numWorkers_; ++i)
    workers_[i].join();
}

void ThreadPool::runChunks() {
  // Chunk c covers [c*n/chunks, (c+1)*n/chunks): sizes differ by at most one.
  for (;;) {
    int64_t c = nextChunk_.fetch_add(1, std::memory_order_relaxed);
    if (c >= numChunks_)
      return;
    int64_t begin = c * n_ / numChunks_, end = (c + 1) * n_ / numChunks_;
    fn_(ctx_, begin, end);
  }
}

void ThreadPool::workerLoop() {
  uint64_t seen = 0;
  for (;;) {
    for (int i = 0; i < kSpinRounds && published_.load(std::memory_order_acquire) == seen; ++i)
      cpuRelax();
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [&] { return stop_ || generation_ != seen; });
      if (stop_)
        return;
      seen = generation_;
    }
    runChunks();
    if (busyWorkers_.fetch_sub(1, std::memory_order_acq_rel) == 1) {
      // Under the mutex, so that a caller about to sleep on done_ either
      // sees the count at 0 or is woken.
      std::lock_guard<std::mutex> lock(mutex_);
      done_.notify_one();
    }
  }
}

void ThreadPool::parallelFor(int64_t n, RangeFn fn, void *ctx) {
  if (n <= 0)
    return;
  if (numWorkers_ == 0 || n == 1) {
    fn(ctx, 0, n);
    return;
  }
  std::lock_guard<std::mutex> call(callMutex_);
  // A few chunks per thread balance uneven work (a busy core, a ragged last
  // block) without many handoffs.
  int64_t chunks = static_cast<int64_t>(size()) * 4;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    fn_ = fn;
    ctx_ = ctx;
    n_ = n;
    numChunks_ = n < chunks ? n : chunks;
    nextChunk_.store(0, std::memory_order_relaxed);
    busyWorkers_.store(numWorkers_, std::memory_order_relaxed);
    ++generation_;
    published_.store(generation_, std::memory_order_release);
  }
  wake_.notify_all();
  runChunks();
  for (int i = 0; i < kSpinRounds && busyWorkers_.load(std::memory_order_acquire) != 0; ++i)
    cpuRelax();
  std::unique_lock<std::mutex> lock(mutex_);
  done_.wait(lock, [&] { return busyWorkers_.load(std::memory_order_acquire) == 0; });
}

} // namespace thymos::rt
