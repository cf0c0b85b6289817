//===- IsaAgreementMain.cpp - Every dot-product ISA gives the scalar sums ---===//
//
// A standalone test (no Catch2), so that it can be cross-compiled for
// aarch64 and run under qemu-aarch64 (see NeonTest.cmake), as well as
// natively. For deterministic inputs, including the extreme bytes -128 and
// 127, it checks that:
//  - every ISA this CPU runs gives the scalar per-block int32 sums bit for
//    bit (on aarch64: the baseline widening path and, when the CPU has it,
//    the sdot path, each called directly);
//  - every ISA's tiles of dot products (the matvec and the matmul paths)
//    equal its lone dot products bit for bit, and the scalar ones within
//    f32 rounding (Q8_0) or bit for bit (Q4_0, whose sum over blocks is one
//    fma per block on every ISA);
//  - the scalar sums match a golden checksum, which gen_isa_golden.py (in
//    this folder) computes in plain Python from the same input generator;
//  - every ISA's K-quant tiles (Q4_K, Q5_K, Q6_K against Q8_K, KQuant.h)
//    equal the scalar ones bit for bit, on random bytes with every field's
//    extremes.
// Exit status 0 when all agree.
//
//===----------------------------------------------------------------------===//

#include "runtime/quant/DotKernels.h"
#include "runtime/quant/KQuant.h"

#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

using namespace thymos::quant;

namespace {

constexpr int64_t kBlocks = 512;
/// FNV-1a 64 over the scalar sums (Q8_0 first, then Q4_0), as little-endian
/// int32s; gen_isa_golden.py computes the same value from its own model.
constexpr uint64_t kGoldenChecksum = 0x0493afed35d3c211ULL;

/// A 32-bit LCG (Numerical Recipes constants); the top byte is the output.
struct Lcg {
  uint32_t state = 12345;
  uint8_t next() {
    state = state * 1664525u + 1013904223u;
    return static_cast<uint8_t>(state >> 24);
  }
};

struct Inputs {
  std::vector<uint8_t> q8, q4, acts;
};

/// Blocks 0..3 hold extreme patterns, the rest random bytes; every scale is 1.
Inputs makeInputs() {
  Inputs in;
  in.q8.resize(kBlocks * kQ8_0BlockBytes);
  in.q4.resize(kBlocks * kQ4_0BlockBytes);
  in.acts.resize(kBlocks * kQ8_0BlockBytes);
  const uint8_t q8Pattern[4] = {0x80, 0x7f, 0x00, 0x80}; // -128, 127, 0, -128
  const uint8_t q4Pattern[4] = {0x00, 0xff, 0x88, 0xf0}; // q = 0, 15, 8, mixed
  const uint8_t actPattern[4] = {0x80, 0x80, 0x00, 0x7f};
  Lcg rng;
  for (int64_t b = 0; b < kBlocks; ++b) {
    uint8_t *w8 = &in.q8[b * kQ8_0BlockBytes], *w4 = &in.q4[b * kQ4_0BlockBytes];
    uint8_t *a = &in.acts[b * kQ8_0BlockBytes];
    w8[0] = w4[0] = a[0] = 0x00; // fp16 1.0 = 0x3c00, little-endian
    w8[1] = w4[1] = a[1] = 0x3c;
    for (int j = 0; j < 32; ++j) {
      w8[2 + j] = b < 4 ? q8Pattern[b] : rng.next();
      a[2 + j] = b < 4 ? actPattern[b] : rng.next();
    }
    for (int j = 0; j < 16; ++j)
      w4[2 + j] = b < 4 ? q4Pattern[b] : rng.next();
  }
  return in;
}

uint64_t fnv1a(uint64_t hash, const std::vector<int32_t> &values) {
  for (int32_t v : values) {
    uint32_t u = static_cast<uint32_t>(v);
    for (int byte = 0; byte < 4; ++byte) {
      hash ^= (u >> (8 * byte)) & 0xff;
      hash *= 0x100000001b3ULL;
    }
  }
  return hash;
}

int failures = 0;

void compare(const char *what, const std::vector<int32_t> &got,
             const std::vector<int32_t> &want) {
  for (size_t b = 0; b < want.size(); ++b) {
    if (got[b] != want[b]) {
      std::printf("FAIL %s: block %zu: %d, scalar %d\n", what, b, got[b], want[b]);
      ++failures;
      return;
    }
  }
  std::printf("ok   %s: %zu blocks equal the scalar sums\n", what, want.size());
}

#if defined(__aarch64__)
void checkKernels(const char *name, const kernels::IsaKernels &k, const Inputs &in,
                  const std::vector<int32_t> &want8, const std::vector<int32_t> &want4) {
  std::vector<int32_t> got(kBlocks);
  char label[64];
  k.blockSumsQ8_0(in.q8.data(), in.acts.data(), kBlocks, got.data());
  std::snprintf(label, sizeof label, "%s q8_0", name);
  compare(label, got, want8);
  k.blockSumsQ4_0(in.q4.data(), in.acts.data(), kBlocks, got.data());
  std::snprintf(label, sizeof label, "%s q4_0", name);
  compare(label, got, want4);
}
#endif


/// Each block's scale set to a half in [0.5, 1) of either sign, from `rng`.
std::vector<uint8_t> withScales(std::vector<uint8_t> blocks, size_t blockBytes, Lcg &rng) {
  for (size_t at = 0; at < blocks.size(); at += blockBytes) {
    const uint8_t lo = rng.next(), hi = rng.next();
    blocks[at] = lo;                                              // mantissa bits
    blocks[at + 1] = static_cast<uint8_t>(0x38 | (hi & 0x83));    // 0.5 * (1 + m), sign
  }
  return blocks;
}

/// The blocks as 8 rows of 64 blocks: tiles of 7 weight rows against 1 and
/// 6 activation rows, against the lone dot products. Q4_0 runs again with
/// varied scales, where its one-fma-per-block sum must equal the scalar one
/// bit for bit (with unit scales every rounding is exact).
void checkTiles(Isa isa, const Inputs &in) {
  const int64_t n = 64 * kBlockElems, rows = 7;
  const size_t w8Row = rowBytesQ8_0(n), w4Row = rowBytesQ4_0(n);
  Lcg rng;
  const std::vector<uint8_t> q4s = withScales(in.q4, kQ4_0BlockBytes, rng);
  const std::vector<uint8_t> actsS = withScales(in.acts, kQ8_0BlockBytes, rng);
  bool ok = true;
  for (int64_t actRows : {1, 6}) {
    float out8[6 * 7], out4[6 * 7], out4s[6 * 7];
    dotTileQ8_0Q8_0(in.q8.data(), w8Row, rows, in.acts.data(), w8Row, actRows, n, out8, rows,
                    isa);
    dotTileQ4_0Q8_0(in.q4.data(), w4Row, rows, in.acts.data(), w8Row, actRows, n, out4, rows,
                    isa);
    dotTileQ4_0Q8_0(q4s.data(), w4Row, rows, actsS.data(), w8Row, actRows, n, out4s, rows,
                    isa);
    for (int64_t i = 0; i < actRows; ++i)
      for (int64_t r = 0; r < rows; ++r) {
        const uint8_t *act = in.acts.data() + i * w8Row;
        const uint8_t *w8 = in.q8.data() + r * w8Row, *w4 = in.q4.data() + r * w4Row;
        float lone8 = dotQ8_0Q8_0(w8, act, n, isa), lone4 = dotQ4_0Q8_0(w4, act, n, isa);
        float scalar8 = dotQ8_0Q8_0(w8, act, n, Isa::Scalar);
        float scalar4 = dotQ4_0Q8_0(w4, act, n, Isa::Scalar);
        float scalar4s = dotQ4_0Q8_0(q4s.data() + r * w4Row, actsS.data() + i * w8Row, n,
                                     Isa::Scalar);
        // Scales are 1 and every block sum is an integer below 2^20, so
        // only the f32 additions over 64 blocks round: 1e-5 of 2^26 at most.
        if (out8[i * rows + r] != lone8 || out4[i * rows + r] != lone4 ||
            std::fabs(lone8 - scalar8) > 1e-5f * 64 * 524288 || lone4 != scalar4 ||
            out4s[i * rows + r] != scalar4s) {
          std::printf("FAIL %s tile [%lld][%lld]: q8_0 %.9g (lone %.9g, scalar %.9g), "
                      "q4_0 %.9g (lone %.9g, scalar %.9g), scaled q4_0 %.9g (scalar %.9g)\n",
                      isaName(isa), static_cast<long long>(i), static_cast<long long>(r),
                      out8[i * rows + r], lone8, scalar8, out4[i * rows + r], lone4, scalar4,
                      out4s[i * rows + r], scalar4s);
          ok = false;
        }
      }
  }
  if (ok)
    std::printf("ok   %s tiles: equal the lone dot products, and the scalar ones "
                "(q4_0 bit for bit)\n",
                isaName(isa));
  else
    ++failures;
}

/// K-quant tiles of 5 weight rows of 4 super-blocks against 1, 3 and 6
/// activation rows (the prefill kernels' groups of 4 and their rests):
/// random bytes (the first super-block of every row all ones, the largest
/// quants, scales and mins), f16 scales in [0.5, 1) of either sign, and Q8_K
/// activations quantized from random floats.
void checkKQuantTiles(Isa isa) {
  const int64_t n = 4 * kSuperBlockElems, rows = 5;
  const size_t actRow = rowBytesQ8_K(n);
  Lcg rng;
  std::vector<float> x(6 * n);
  for (float &v : x)
    v = static_cast<float>(static_cast<int>(rng.next()) - 128) / 16.0f;
  std::vector<uint8_t> acts(6 * actRow);
  quantizeActivationsQ8_K(x.data(), acts.data(), 6 * n);
  bool ok = true;
  for (KFormat format : {KFormat::Q4_K, KFormat::Q5_K, KFormat::Q6_K}) {
    const size_t row = rowBytesK(format, n), block = kBlockBytes(format);
    std::vector<uint8_t> w(rows * row);
    for (size_t at = 0; at < w.size(); ++at)
      w[at] = at % row < block ? 0xff : rng.next();
    const size_t halves = format == KFormat::Q6_K ? 1 : 2, at0 = format == KFormat::Q6_K ? 208 : 0;
    for (size_t b = 0; b < w.size(); b += block)
      for (size_t h = 0; h < halves; ++h) {
        w[b + at0 + 2 * h] = rng.next();
        w[b + at0 + 2 * h + 1] = static_cast<uint8_t>(0x38 | (rng.next() & 0x83));
      }
    for (int64_t actRows : {1, 3, 6}) {
      float got[6 * 5], want[6 * 5];
      dotTileKQ8_K(format, w.data(), row, rows, acts.data(), actRow, actRows, n, got, rows, isa);
      dotTileKQ8_K(format, w.data(), row, rows, acts.data(), actRow, actRows, n, want, rows,
                   Isa::Scalar);
      for (int64_t k = 0; k < actRows * rows; ++k)
        if (std::memcmp(&got[k], &want[k], sizeof(float)) != 0) {
          std::printf("FAIL %s %s tile [%lld]: %.9g, scalar %.9g\n", isaName(isa),
                      kFormatName(format), static_cast<long long>(k), got[k], want[k]);
          ok = false;
        }
    }
  }
  if (ok)
    std::printf("ok   %s k-quant tiles: the scalar bits\n", isaName(isa));
  else
    ++failures;
}

} // namespace

int main() {
  const Inputs in = makeInputs();
  const int64_t n = kBlocks * kBlockElems;
  std::vector<int32_t> want8(kBlocks), want4(kBlocks), got(kBlocks);
  blockSumsQ8_0Q8_0(in.q8.data(), in.acts.data(), n, Isa::Scalar, want8.data());
  blockSumsQ4_0Q8_0(in.q4.data(), in.acts.data(), n, Isa::Scalar, want4.data());

  uint64_t checksum = fnv1a(fnv1a(0xcbf29ce484222325ULL, want8), want4);
  if (checksum != kGoldenChecksum) {
    std::printf("FAIL scalar checksum 0x%016llx, golden 0x%016llx\n",
                static_cast<unsigned long long>(checksum),
                static_cast<unsigned long long>(kGoldenChecksum));
    ++failures;
  } else {
    std::printf("ok   scalar sums match the golden checksum\n");
  }

  for (Isa isa : {Isa::Avx2, Isa::Avx512Vnni, Isa::AvxVnni, Isa::Neon}) {
    if (!isaSupported(isa)) {
      std::printf("--   %s: not on this CPU\n", isaName(isa));
      continue;
    }
    blockSumsQ8_0Q8_0(in.q8.data(), in.acts.data(), n, isa, got.data());
    compare((std::string(isaName(isa)) + " q8_0").c_str(), got, want8);
    blockSumsQ4_0Q8_0(in.q4.data(), in.acts.data(), n, isa, got.data());
    compare((std::string(isaName(isa)) + " q4_0").c_str(), got, want4);
    checkTiles(isa, in);
    checkKQuantTiles(isa);
  }
#if defined(__aarch64__)
  checkKernels("neon-widening", kernels::kNeon, in, want8, want4);
  if (kernels::hasDotprod())
    checkKernels("neon-sdot", kernels::kNeonDotprod, in, want8, want4);
  else
    std::printf("--   neon-sdot: this CPU has no dotprod\n");
#endif
  std::printf("active isa: %s\n", isaName(activeIsa()));
  return failures == 0 ? 0 : 1;
}
