//===- matmul_bench.cpp - GFLOP/s of the f32 matrix product -----------------===//
//
// Times C = A·B for square f32 matrices (512 by default; `matmul_bench N`
// picks another size, `matmul_bench M K N t` a product with B given as
// [N, K] weight rows, as a model's linear layers multiply) with the naive
// triple loop and with the blocked fast path, with each micro-kernel this
// CPU runs, on one thread and on every hardware thread, and prints a
// markdown table. The ratios come from the same run, so they compare like
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
  int64_t m = argc > 1 ? std::atoll(argv[1]) : 512, k = m, n = m;
  bool transposeB = false;
  if (argc > 3) {
    k = std::atoll(argv[2]);
    n = std::atoll(argv[3]);
    transposeB = argc > 4 && argv[4][0] == 't';
  }
  for (int64_t d : {m, k, n})
    if (d <= 0 || d > 8192) {
      std::fprintf(stderr, "matmul_bench: sizes must be in 1..8192\n");
      return 1;
    }
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  std::vector<float> a(m * k), b(k * n), naive(m * n), fast(m * n);
  for (float &x : a)
    x = dist(rng);
  for (float &x : b)
    x = dist(rng);

  unsigned hw = std::thread::hardware_concurrency();
  ThreadPool pool(hw ? hw : 1);
  double flops = 2.0 * m * n * k;
  auto gflops = [&](double s) { return flops / s * 1e-9; };
  double tNaive = bestSeconds(
      [&] { matmulReference(a.data(), b.data(), naive.data(), m, k, n, transposeB); });

  std::printf("f32 matmul %lldx%lldx%lld%s\n\n", (long long)m, (long long)k, (long long)n,
              transposeB ? ", B as [n,k] rows" : "");
  std::printf("| variant | threads | ms | GFLOP/s | vs naive | max rel. error |\n");
  std::printf("| --- | ---: | ---: | ---: | ---: | ---: |\n");
  std::printf("| naive triple loop | 1 | %.1f | %.2f | 1.0x | |\n", tNaive * 1e3, gflops(tNaive));
  bool ok = true;
  for (MatMulIsa isa : {MatMulIsa::Portable, MatMulIsa::Avx2}) {
    if (!matmulIsaSupported(isa))
      continue;
    for (ThreadPool *threads : {static_cast<ThreadPool *>(nullptr), &pool}) {
      double t = bestSeconds([&] {
        matmulFast(a.data(), b.data(), fast.data(), m, k, n, transposeB, threads, isa);
      });
      // Errors relative to sqrt(k): a sum of k terms of magnitude <= 1.
      double worst = 0;
      for (size_t i = 0; i < fast.size(); ++i)
        worst = std::fmax(worst, std::fabs(fast[i] - naive[i]) / std::sqrt(double(k)));
      ok = ok && worst <= 1e-4;
      std::printf("| blocked, %s | %u | %.1f | %.2f | %.1fx | %.2g |\n", matmulIsaName(isa),
                  threads ? threads->size() : 1, t * 1e3, gflops(t), tNaive / t, worst);
    }
  }
  return ok ? 0 : 1;
}
