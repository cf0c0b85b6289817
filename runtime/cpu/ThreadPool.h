//===- ThreadPool.h - A fixed pool of worker threads for CPU kernels --------===//
//
// The threads are created once, with the pool; parallelFor() hands them a
// function pointer and a context and allocates nothing, so kernels may call
// it from the step loop. Idle workers spin briefly before they sleep, so
// that the jobs of one step follow each other without a system call. The calling thread works too, so a pool of size 1
// has no workers and runs everything inline.
//
// One parallelFor() runs at a time (concurrent callers queue on a mutex), and
// `fn` must not call parallelFor() on the same pool.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

namespace thymos::rt {

class ThreadPool {
public:
  using RangeFn = void (*)(void *ctx, int64_t begin, int64_t end);

  /// `threads` counts the caller; 0 means std::thread::hardware_concurrency().
  explicit ThreadPool(unsigned threads = 1);
  ~ThreadPool();
  ThreadPool(const ThreadPool &) = delete;
  ThreadPool &operator=(const ThreadPool &) = delete;

  /// Threads that share the work, the caller included.
  unsigned size() const { return numWorkers_ + 1; }

  /// Calls fn(ctx, begin, end) on disjoint ranges covering [0, n) and returns
  /// when all have finished. Ranges are contiguous chunks, a few per thread so
  /// that uneven chunks balance out.
  void parallelFor(int64_t n, RangeFn fn, void *ctx);

private:
  static constexpr unsigned kMaxWorkers = 255;

  void workerLoop();
  /// Takes chunks until none are left.
  void runChunks();

  std::thread workers_[kMaxWorkers];
  unsigned numWorkers_ = 0;

  std::mutex callMutex_; // one parallelFor() at a time
  std::mutex mutex_;     // guards generation_ and stop_ (and the job below)
  std::condition_variable wake_;
  std::condition_variable done_;
  uint64_t generation_ = 0;
  bool stop_ = false;
  // Waking a thread through the kernel costs tens of microseconds on a
  // virtual machine, and a decode step hands out some sixty jobs: workers
  // first spin for a while on `published_` (a copy of generation_) and the
  // caller on busyWorkers_, and sleep only when nothing comes.
  std::atomic<uint64_t> published_{0};
  std::atomic<unsigned> busyWorkers_{0};

  // The current job; written before generation_ is bumped under mutex_.
  RangeFn fn_ = nullptr;
  void *ctx_ = nullptr;
  int64_t n_ = 0;
  int64_t numChunks_ = 0;
  std::atomic<int64_t> nextChunk_{0};
};

} // namespace thymos::rt
