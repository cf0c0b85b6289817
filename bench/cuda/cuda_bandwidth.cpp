//===- cuda_bandwidth.cpp - Device-to-device copy bandwidth -----------------===//
//
// Decode reads every weight once per token, so its ceiling is the device's
// memory bandwidth. This measures the yardstick in the same run as the
// decode figures: cuMemcpyDtoD of one buffer into another, counted as bytes
// read plus bytes written (as CUDA's bandwidthTest counts it), the best of
// several rounds. Prints one JSON line with the device, driver and figure.
//
//   thymos-cuda-bandwidth [MiB]        (default 1024)
//
//===----------------------------------------------------------------------===//
#include "runtime/cuda/CudaDriver.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

using namespace thymos::rt;
using namespace thymos::rt::cuda;

int main(int argc, char **argv) {
  const long mib = argc > 1 ? std::strtol(argv[1], nullptr, 10) : 1024;
  if (mib <= 0 || mib > (1 << 20)) {
    std::fprintf(stderr, "usage: thymos-cuda-bandwidth [MiB]\n");
    return 2;
  }
  const Driver *d;
  if (Status s = cudaDriver(d); !s) {
    std::fprintf(stderr, "thymos-cuda-bandwidth: error: %s\n", s.message().c_str());
    return 1;
  }
  const size_t bytes = size_t(mib) << 20;
  CUdeviceptr from = 0, to = 0;
  for (CUdeviceptr *p : {&from, &to})
    if (CUresult r = d->api.memAlloc(p, bytes); r != 0) {
      std::fprintf(stderr, "thymos-cuda-bandwidth: error: %s\n",
                   d->allocationFailed(r, "a copy buffer", bytes).message().c_str());
      return 1;
    }
  (void)d->api.memsetD8(from, 1, bytes);
  double best = 0;
  constexpr int kRounds = 5, kCopies = 10;
  for (int round = 0; round <= kRounds; ++round) {
    (void)d->api.ctxSynchronize();
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < kCopies; ++i)
      (void)d->api.memcpyDtoD(to, from, bytes);
    if (Status s = d->check(d->api.ctxSynchronize(), "cuCtxSynchronize"); !s) {
      std::fprintf(stderr, "thymos-cuda-bandwidth: error: %s\n", s.message().c_str());
      return 1;
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (round > 0) // the first is a warm-up
      best = std::max(best, 2.0 * double(bytes) * kCopies / seconds / 1e9);
  }
  std::printf("{\"device\": \"%s\", \"compute_capability\": %d, \"driver\": %d, "
              "\"integrated\": %s, \"copy_bytes\": %zu, \"copy_gb_s\": %.1f}\n",
              d->name.c_str(), d->computeCapability, d->version,
              d->integrated ? "true" : "false", bytes, best);
  d->api.memFree(from);
  d->api.memFree(to);
  return 0;
}
