// The thread pool covers every index exactly once, inline or in parallel.

#include "runtime/cpu/ThreadPool.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

using namespace thymos::rt;

namespace {
void countRange(void *ctx, int64_t begin, int64_t end) {
  auto &hits = *static_cast<std::vector<std::atomic<int>> *>(ctx);
  for (int64_t i = begin; i < end; ++i)
    hits[static_cast<size_t>(i)].fetch_add(1);
}
} // namespace

TEST_CASE("parallelFor visits every index once", "[threadpool]") {
  for (unsigned threads : {1u, 2u, 5u}) {
    ThreadPool pool(threads);
    CHECK(pool.size() == threads);
    for (int64_t n : {0, 1, 2, 3, 7, 64, 1000, 4099}) {
      std::vector<std::atomic<int>> hits(static_cast<size_t>(n));
      for (int repeat = 0; repeat < 3; ++repeat)
        pool.parallelFor(n, countRange, &hits);
      for (int64_t i = 0; i < n; ++i) {
        INFO("threads=" << threads << " n=" << n << " i=" << i);
        REQUIRE(hits[static_cast<size_t>(i)].load() == 3);
      }
    }
  }
}

// Workers spin for a while after a job, then sleep: jobs that follow each
// other at once (taken while spinning) and jobs after a pause longer than
// the spin (workers woken from sleep) must both run every index, and the
// caller must return only when all of it is done.
TEST_CASE("parallelFor back to back and after the workers went to sleep", "[threadpool]") {
  for (unsigned threads : {2u, 3u}) {
    ThreadPool pool(threads);
    std::vector<std::atomic<int>> hits(257);
    int rounds = 0;
    for (int burst = 0; burst < 4; ++burst) {
      for (int i = 0; i < 500; ++i, ++rounds)
        pool.parallelFor(257, countRange, &hits);
      for (size_t i = 0; i < hits.size(); ++i)
        REQUIRE(hits[i].load() == rounds);
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }
}
