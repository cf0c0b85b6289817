// The thread pool covers every index exactly once, inline or in parallel.

#include "runtime/cpu/ThreadPool.h"

#include <catch2/catch.hpp>

#include <atomic>
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
