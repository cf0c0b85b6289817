//===- matmul_bench.cpp - GFLOP/s of the f32 matrix product -----------------===//
//
// Times C = A·B for square f32 matrices (512 by default; `matmul_bench N`
// picks another size) with the naive triple loop and with the blocked fast
// path on one thread and on every hardware thread, and prints a markdown
// table. The fast/naive ratio comes from the same run, so it compares like
// with like. Each variant runs until it has taken at least a second (best of
// the repetitions counts), after a warm-up call.
//
//===----------------------------------------------------------------------===//

#include "runtime/cpu/MatMul.h"
#include "runtime/cpu/ThreadPool.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <thread>
#include <vector>

using namespace thymos::rt;

namespace {

template <typename Fn> double bestSeconds(Fn &&fn) {
  fn(); // warm-up: page faults, caches
  double best = 1e30, total = 0;
  while (total < 1.0) {
    auto start = std::chrono::steady_clock::now();
    fn();
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    best = s < best ? s : best;
    total += s;
  }
  return best;
}

} // namespace

int main(int argc, char **argv) {
  int64_t n = argc > 1 ? std::atoll(argv[1]) : 512;
  if (n <= 0 || n > 8192) {
    std::fprintf(stderr, "matmul_bench: size must be in 1..8192\n");
    return 1;
  }
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  std::vector<float> a(n * n), b(n * n), naive(n * n), fast(n * n);
  for (float &x : a)
    x = dist(rng);
  for (float &x : b)
    x = dist(rng);

  unsigned hw = std::thread::hardware_concurrency();
  ThreadPool pool(hw ? hw : 1);
  double flops = 2.0 * n * n * n;
  double tNaive = bestSeconds([&] { matmulReference(a.data(), b.data(), naive.data(), n, n, n, false); });
  double tOne = bestSeconds([&] { matmulFast(a.data(), b.data(), fast.data(), n, n, n, false, nullptr); });
  double tAll = bestSeconds([&] { matmulFast(a.data(), b.data(), fast.data(), n, n, n, false, &pool); });

  double worst = 0;
  for (size_t i = 0; i < fast.size(); ++i)
    worst = std::fmax(worst, std::fabs(fast[i] - naive[i]));

  auto gflops = [&](double s) { return flops / s * 1e-9; };
  std::printf("f32 matmul %lldx%lldx%lld (max |fast - naive| = %.2g)\n\n", (long long)n,
              (long long)n, (long long)n, worst);
  std::printf("| variant | threads | ms | GFLOP/s | vs naive |\n");
  std::printf("| --- | ---: | ---: | ---: | ---: |\n");
  std::printf("| naive triple loop | 1 | %.1f | %.2f | 1.0x |\n", tNaive * 1e3, gflops(tNaive));
  std::printf("| blocked fast path | 1 | %.1f | %.2f | %.1fx |\n", tOne * 1e3, gflops(tOne),
              tNaive / tOne);
  std::printf("| blocked fast path | %u | %.1f | %.2f | %.1fx |\n", pool.size(), tAll * 1e3,
              gflops(tAll), tNaive / tAll);
  return worst <= 1e-3 ? 0 : 1;
}
