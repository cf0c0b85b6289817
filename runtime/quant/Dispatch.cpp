//===- Dispatch.cpp - Choosing the dot-product ISA, and the public entries --===//
//
// The ISA is chosen once per process: the best one the CPU reports (CPUID on
// x86-64, HWCAP on aarch64), unless THYMOS_QUANT_ISA names another. A name
// this CPU cannot run falls back to the best supported one, so the variable
// can never make the process execute an illegal instruction; the tests ask
// isaSupported() before they compare ISAs.
//
//===----------------------------------------------------------------------===//

#include "runtime/quant/CpuFeatures.h"
#include "runtime/quant/DotKernels.h"

#include <cstdlib>
#include <cstring>
#include <initializer_list>

namespace thymos::quant {

using namespace kernels;

namespace {

constexpr Isa kAllIsas[] = {Isa::Scalar, Isa::Avx2, Isa::Neon, Isa::Avx512Vnni, Isa::AvxVnni};

/// What the CPU reports, asked with CPUID (or HWCAP).
bool detect(Isa isa) {
  switch (isa) {
  case Isa::Scalar:
    return true;
  case Isa::Avx2:
#if defined(__x86_64__)
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && cpuHasF16c();
#else
    return false;
#endif
  case Isa::Avx512Vnni:
#if defined(__x86_64__)
    return detect(Isa::Avx2) && cpuHasAvx512Vnni();
#else
    return false;
#endif
  case Isa::AvxVnni:
#if defined(__x86_64__)
    return detect(Isa::Avx2) && cpuHasAvxVnni();
#else
    return false;
#endif
  case Isa::Neon:
#if defined(__aarch64__)
    return true; // Advanced SIMD is part of every ARMv8-A core.
#else
    return false;
#endif
  }
  return false;
}

const IsaKernels &kernelsFor(Isa isa) {
  if (!isaSupported(isa))
    return kScalar;
  switch (isa) {
#if defined(__x86_64__)
  case Isa::Avx2:
    return kAvx2;
  case Isa::Avx512Vnni:
    return kAvx512Vnni;
  case Isa::AvxVnni:
    return kAvxVnni;
#endif
#if defined(__aarch64__)
  case Isa::Neon:
  {
    // Bit-identical block sums either way; sdot is simply faster.
    static const bool dotprod = hasDotprod();
    return dotprod ? kNeonDotprod : kNeon;
  }
#endif
  default:
    return kScalar;
  }
}

Isa bestIsa() {
  for (Isa isa : {Isa::Avx512Vnni, Isa::AvxVnni})
    if (isaSupported(isa))
      return isa;
  if (isaSupported(Isa::Avx2))
    return Isa::Avx2;
  if (isaSupported(Isa::Neon))
    return Isa::Neon;
  return Isa::Scalar;
}

Isa chooseIsa() {
  const char *name = std::getenv("THYMOS_QUANT_ISA");
  if (name) {
    for (Isa isa : kAllIsas)
      if (std::strcmp(name, isaName(isa)) == 0 && isaSupported(isa))
        return isa;
  }
  return bestIsa();
}

} // namespace

bool isaSupported(Isa isa) {
  // Every tile of dot products asks, and CPUID traps to the hypervisor in a
  // virtual machine (microseconds, as long as a whole 16-row matvec tile):
  // the CPU is read once.
  static const unsigned supported = [] {
    unsigned bits = 0;
    for (Isa each : kAllIsas)
      bits |= detect(each) ? 1u << static_cast<unsigned>(each) : 0u;
    return bits;
  }();
  return (supported >> static_cast<unsigned>(isa)) & 1u;
}

Isa activeIsa() {
  static const Isa chosen = chooseIsa();
  return chosen;
}

const char *isaName(Isa isa) {
  switch (isa) {
  case Isa::Scalar:
    return "scalar";
  case Isa::Avx2:
    return "avx2";
  case Isa::Neon:
    return "neon";
  case Isa::Avx512Vnni:
    return "avx512vnni";
  case Isa::AvxVnni:
    return "avxvnni";
  }
  return "?";
}

size_t rowBytesQ8_0(int64_t n) { return static_cast<size_t>(n / kBlockElems) * kQ8_0BlockBytes; }
size_t rowBytesQ4_0(int64_t n) { return static_cast<size_t>(n / kBlockElems) * kQ4_0BlockBytes; }

float dotQ8_0Q8_0(const void *weights, const void *activations, int64_t n, Isa isa) {
  float out = 0.0f;
  dotTileQ8_0Q8_0(weights, 0, 1, activations, 0, 1, n, &out, 0, isa);
  return out;
}

float dotQ4_0Q8_0(const void *weights, const void *activations, int64_t n, Isa isa) {
  float out = 0.0f;
  dotTileQ4_0Q8_0(weights, 0, 1, activations, 0, 1, n, &out, 0, isa);
  return out;
}

void blockSumsQ8_0Q8_0(const void *weights, const void *activations, int64_t n, Isa isa,
                       int32_t *sums) {
  kernelsFor(isa).blockSumsQ8_0(static_cast<const uint8_t *>(weights),
                                static_cast<const uint8_t *>(activations), n / kBlockElems, sums);
}

void blockSumsQ4_0Q8_0(const void *weights, const void *activations, int64_t n, Isa isa,
                       int32_t *sums) {
  kernelsFor(isa).blockSumsQ4_0(static_cast<const uint8_t *>(weights),
                                static_cast<const uint8_t *>(activations), n / kBlockElems, sums);
}

void dotTileQ8_0Q8_0(const void *weights, size_t weightRowBytes, int64_t weightRows,
                     const void *activations, size_t actRowBytes, int64_t actRows, int64_t n,
                     float *out, int64_t outStride, Isa isa, const int32_t *actSums) {
  kernelsFor(isa).tileQ8_0({static_cast<const uint8_t *>(weights), weightRowBytes, weightRows,
                            static_cast<const uint8_t *>(activations), actRowBytes, actRows, n,
                            out, outStride, actSums});
}

void dotTileQ4_0Q8_0(const void *weights, size_t weightRowBytes, int64_t weightRows,
                     const void *activations, size_t actRowBytes, int64_t actRows, int64_t n,
                     float *out, int64_t outStride, Isa isa, const int32_t *actSums) {
  kernelsFor(isa).tileQ4_0({static_cast<const uint8_t *>(weights), weightRowBytes, weightRows,
                            static_cast<const uint8_t *>(activations), actRowBytes, actRows, n,
                            out, outStride, actSums});
}

void activationSumsQ8_0(const void *blocks, int64_t n, int32_t *sums) {
  const auto *block = static_cast<const uint8_t *>(blocks);
  for (int64_t b = 0; b < n / kBlockElems; ++b, block += kQ8_0BlockBytes) {
    int32_t sum = 0;
    for (int64_t j = 0; j < kBlockElems; ++j)
      sum += static_cast<int8_t>(block[2 + j]);
    sums[b] = sum;
  }
}

bool q4_0GroupsPay(Isa isa) { return kernelsFor(isa).tileQ4_0Groups != nullptr; }

void packQ4_0Groups(const void *rows, int64_t n, int64_t k, void *groups) {
  const auto *in = static_cast<const uint8_t *>(rows);
  auto *out = static_cast<uint8_t *>(groups);
  const int64_t blocks = k / kBlockElems;
  const size_t rowBytes = rowBytesQ4_0(k);
  for (int64_t g = 0; g < n / 8; ++g)
    for (int64_t b = 0; b < blocks; ++b, out += kQ4_0GroupBlockBytes)
      for (int64_t r = 0; r < 8; ++r) {
        const uint8_t *block = in + (8 * g + r) * rowBytes + b * kQ4_0BlockBytes;
        std::memcpy(out + 2 * r, block, 2);
        for (int64_t t = 0; t < 4; ++t)
          std::memcpy(out + 16 + 32 * t + 4 * r, block + 2 + 4 * t, 4);
      }
}

void dotTileQ4_0Groups(const void *groups, int64_t groupCount, const void *activations,
                       size_t actRowBytes, int64_t actRows, int64_t n, float *out,
                       int64_t outStride, Isa isa, const int32_t *actSums) {
  kernelsFor(isa).tileQ4_0Groups({static_cast<const uint8_t *>(groups), 0, 8 * groupCount,
                                  static_cast<const uint8_t *>(activations), actRowBytes,
                                  actRows, n, out, outStride, actSums});
}

bool q8_0GroupsPay(Isa isa) { return kernelsFor(isa).tileQ8_0Groups != nullptr; }

void packQ8_0Groups(const void *rows, int64_t n, int64_t k, void *groups) {
  const auto *in = static_cast<const uint8_t *>(rows);
  auto *out = static_cast<uint8_t *>(groups);
  const int64_t blocks = k / kBlockElems;
  const size_t rowBytes = rowBytesQ8_0(k);
  for (int64_t g = 0; g < n / 8; ++g)
    for (int64_t b = 0; b < blocks; ++b, out += kQ8_0GroupBlockBytes)
      for (int64_t r = 0; r < 8; ++r) {
        const uint8_t *block = in + (8 * g + r) * rowBytes + b * kQ8_0BlockBytes;
        std::memcpy(out + 2 * r, block, 2);
        for (int64_t t = 0; t < 8; ++t)
          std::memcpy(out + 16 + 32 * t + 4 * r, block + 2 + 4 * t, 4);
      }
}

void dotTileQ8_0Groups(const void *groups, int64_t groupCount, const void *activations,
                       size_t actRowBytes, int64_t actRows, int64_t n, float *out,
                       int64_t outStride, Isa isa) {
  kernelsFor(isa).tileQ8_0Groups({static_cast<const uint8_t *>(groups), 0, 8 * groupCount,
                                  static_cast<const uint8_t *>(activations), actRowBytes,
                                  actRows, n, out, outStride});
}

} // namespace thymos::quant
