//===- KQuantRows4.cpp - Q4_K weight rows packed four at a time ------------===//
//
// A decode step reads each weight row once. Reading four rows at a time
// shares the activation loads and the per-block f32 work between them, but
// four rows a whole row apart are four streams, and on the development
// machine one core streamed them slower than one row at a time (16-28
// against 27-31 GB/s for rows of 2048 and 4096 elements). With each four
// rows' blocks b next to each other they are one stream again: 35-40 GB/s
// from memory, about 50 from cache. The CPU backend packs Q4_K matmul
// weights so when it copies them at load (CpuBackend.cpp).
//
// The AVX-512 VNNI kernels read the packed groups directly: decode four
// rows at a time, prefill through its panels (which unpack each row's
// blocks with a stride). Other ISAs unpack one group at a time into rows on
// the stack and run the row-major tile: the same bits, as every K-quant
// kernel gives the scalar reference's.
//
//===----------------------------------------------------------------------===//

#include "runtime/quant/KQuantKernels.h"

#include <cstring>

namespace thymos::quant {

void packQ4_KRows4(const void *rows, int64_t n, int64_t k, void *groups) {
  const auto *in = static_cast<const uint8_t *>(rows);
  auto *out = static_cast<uint8_t *>(groups);
  const size_t rowBytes = rowBytesK(KFormat::Q4_K, k);
  const int64_t blocks = k / kSuperBlockElems;
  for (int64_t g = 0; g < n / 4; ++g)
    for (int64_t b = 0; b < blocks; ++b)
      for (int64_t r = 0; r < 4; ++r, out += kQ4_KBlockBytes)
        std::memcpy(out, in + (4 * g + r) * rowBytes + b * kQ4_KBlockBytes, kQ4_KBlockBytes);
}

bool q4_KRows4Pay(Isa isa) { return isa == Isa::Avx512Vnni && isaSupported(isa); }

void dotTileQ4_KRows4(const void *groups, int64_t groupCount, const void *activations,
                      size_t actRowBytes, int64_t actRows, int64_t n, float *out,
                      int64_t outStride, Isa isa) {
  const auto *packed = static_cast<const uint8_t *>(groups);
  const auto *acts = static_cast<const uint8_t *>(activations);
  const size_t rowBytes = rowBytesK(KFormat::Q4_K, n);
  const int64_t blocks = n / kSuperBlockElems;
#if defined(__x86_64__)
  if (q4_KRows4Pay(isa) && n <= kRows4MaxK)
    return kernels::tileQ4_KRows4Avx512Vnni({KFormat::Q4_K, packed, rowBytes, 4 * groupCount,
                                             acts, actRowBytes, actRows, n, out, outStride});
#endif
  // Longer rows than this are never packed; the check keeps the buffer safe.
  if (n > kRows4MaxK)
    return;
  alignas(64) uint8_t unpacked[4 * (kRows4MaxK / kSuperBlockElems) * kQ4_KBlockBytes];
  for (int64_t g = 0; g < groupCount; ++g, packed += 4 * rowBytes) {
    for (int64_t b = 0; b < blocks; ++b)
      for (int64_t r = 0; r < 4; ++r)
        std::memcpy(unpacked + r * rowBytes + b * kQ4_KBlockBytes,
                    packed + (4 * b + r) * kQ4_KBlockBytes, kQ4_KBlockBytes);
    dotTileKQ8_K(KFormat::Q4_K, unpacked, rowBytes, 4, acts, actRowBytes, actRows, n,
                 out + 4 * g, outStride, isa);
  }
}

} // namespace thymos::quant
