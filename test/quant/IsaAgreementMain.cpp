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
//    equal the scalar ones bit for bit (on aarch64 both NEON kernels, each
//    called directly), over several row lengths, weight and activation row
//    counts and strides, on random bytes with every field's extremes
//    (checkKQuantTiles() lists them).
// Exit status 0 when all agree.
//
//===----------------------------------------------------------------------===//

#include "runtime/quant/DotKernels.h"
#include "runtime/quant/KQuantKernels.h"

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

//===--- K-quant tiles -----------------------------------------------------===//

/// One f16, little-endian at `at`: about one time in 20 an extreme (the
/// largest, the smallest subnormal, zeros, infinities, a NaN, which make the
/// whole row's result inf or NaN, so not more often), otherwise any normal
/// half of either sign.
void putKHalf(uint8_t *at, Lcg &rng) {
  static const uint16_t kExtremes[8] = {0x7bff, 0xfbff, 0x0001, 0x83ff,
                                        0x0000, 0x8000, 0x7c00, 0x7e00};
  uint16_t h;
  if (rng.next() < 12) {
    h = kExtremes[rng.next() % 8];
  } else {
    const unsigned exponent = 1 + rng.next() % 30, mantissa = rng.next();
    const unsigned top = rng.next(); // mantissa bits 8, 9 and the sign
    h = static_cast<uint16_t>(((top & 4) << 13) | (exponent << 10) | ((top & 3) << 8) |
                              mantissa);
  }
  at[0] = static_cast<uint8_t>(h);
  at[1] = static_cast<uint8_t>(h >> 8);
}

/// `rows` weight rows of `format`, `stride` bytes apart: random bytes and
/// f16 scales, with super-blocks of the extremes among them (all ones: the
/// largest quants, 6-bit scales and mins, Q6_K scales -1; all zeros; Q6_K's
/// largest quants with scales -128).
std::vector<uint8_t> kWeights(KFormat format, int64_t n, int64_t rows, size_t stride, Lcg &rng) {
  const size_t block = kBlockBytes(format);
  std::vector<uint8_t> w(rows * stride);
  for (uint8_t &byte : w)
    byte = rng.next();
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t b = 0; b < n / kSuperBlockElems; ++b) {
      uint8_t *at = &w[r * stride + b * block];
      const int kind = rng.next() % 8;
      if (kind < 3)
        std::memset(at, kind == 0 ? 0xff : 0x00, block);
      if (kind == 2 && format == KFormat::Q6_K) {
        std::memset(at, 0xff, 192);
        std::memset(at + 192, 0x80, 16);
      }
      if (format == KFormat::Q6_K) {
        putKHalf(at + 208, rng);
        continue;
      }
      putKHalf(at, rng);
      putKHalf(at + 2, rng);
    }
  return w;
}

/// `rows` Q8_K activation rows, `stride` bytes apart. Quantized from random
/// floats of per-block magnitudes from 2^-20 to 2^20 (with an all-zero
/// block), or with `raw` random bytes throughout: quants down to -128, group
/// sums that do not match them and reach the int16 extremes (their pairwise
/// sums wrap), and f32 scales of any size, zero, subnormal, inf or NaN.
std::vector<uint8_t> kActivations(int64_t n, int64_t rows, size_t stride, bool raw, Lcg &rng) {
  const int64_t blocks = n / kSuperBlockElems;
  std::vector<uint8_t> acts(rows * stride);
  for (uint8_t &byte : acts)
    byte = rng.next();
  std::vector<float> x(n);
  for (int64_t r = 0; r < rows; ++r) {
    uint8_t *row = &acts[r * stride];
    if (!raw) {
      for (int64_t e = 0; e < n; ++e) {
        const int64_t b = e / kSuperBlockElems;
        const float magnitude = b == 1 ? 0.0f : std::ldexp(1.0f, (5 * (b + r)) % 41 - 20);
        x[e] = magnitude * static_cast<float>(static_cast<int>(rng.next()) - 128) / 128.0f;
      }
      quantizeActivationsQ8_K(x.data(), row, n);
      continue;
    }
    static const float kScales[6] = {3.4028235e38f, 1e-45f, 0.0f, -0.0f, INFINITY, NAN};
    for (int64_t b = 0; b < blocks; ++b) {
      uint8_t *block = row + b * kQ8_KBlockBytes;
      const int mantissa = rng.next(), exponent = rng.next() % 64 - 40;
      float d = std::ldexp(static_cast<float>(mantissa - 128) + 0.5f, exponent);
      if (rng.next() < 8)
        d = kScales[rng.next() % 6];
      std::memcpy(block, &d, sizeof d);
      const int kind = rng.next() % 4;
      if (kind < 2) // every group sum 32767 or -32768
        for (int g = 0; g < 16; ++g) {
          block[kernels::kQ8_KSumsAt + 2 * g] = kind == 0 ? 0xff : 0x00;
          block[kernels::kQ8_KSumsAt + 2 * g + 1] = kind == 0 ? 0x7f : 0x80;
        }
    }
  }
  return acts;
}

/// Equal bits, or both NaN: which NaN's payload survives an addition of two
/// depends on the order of its operands, which the compiler may swap.
bool sameResult(float got, float want) {
  return std::memcmp(&got, &want, sizeof got) == 0 || (std::isnan(got) && std::isnan(want));
}

using KTileFn = void (*)(const kernels::KTile &);

/// K-quant tiles (Q4_K, Q5_K, Q6_K against Q8_K, KQuant.h) on `isa`, or
/// with `direct` set on that kernel called directly, against the scalar
/// reference: n of 1, 3 and 8 super-blocks; 1, 4 and 7 weight rows against
/// 1 to 5, 8 and 9 activation rows (the prefill kernels' groups of four and
/// every rest); rows a few bytes longer than their blocks and outputs with a
/// stride, whose gaps must stay untouched; the data of kWeights() and
/// kActivations() (both kinds).
void checkKQuantTiles(const char *name, Isa isa, KTileFn direct = nullptr) {
  constexpr int64_t kMaxRows = 7, kMaxActRows = 9, kOutStride = kMaxRows + 2;
  bool ok = true;
  int tiles = 0;
  Lcg rng;
  rng.state = 2024;
  for (KFormat format : {KFormat::Q4_K, KFormat::Q5_K, KFormat::Q6_K})
    for (int64_t n : {256, 768, 2048})
      for (bool raw : {false, true}) {
        const size_t wStride = rowBytesK(format, n) + 3, aStride = rowBytesQ8_K(n) + 8;
        const std::vector<uint8_t> w = kWeights(format, n, kMaxRows, wStride, rng);
        const std::vector<uint8_t> a = kActivations(n, kMaxActRows, aStride, raw, rng);
        for (int64_t rows : {1, 4, 7})
          for (int64_t actRows : {1, 2, 3, 4, 5, 8, 9}) {
            std::vector<float> got(kMaxActRows * kOutStride, -7.0f), want = got;
            dotTileKQ8_K(format, w.data(), wStride, rows, a.data(), aStride, actRows, n,
                         want.data(), kOutStride, Isa::Scalar);
            if (direct)
              direct({format, w.data(), wStride, rows, a.data(), aStride, actRows, n, got.data(),
                      kOutStride});
            else
              dotTileKQ8_K(format, w.data(), wStride, rows, a.data(), aStride, actRows, n,
                           got.data(), kOutStride, isa);
            ++tiles;
            for (size_t k = 0; k < got.size(); ++k)
              if (!sameResult(got[k], want[k])) {
                std::printf("FAIL %s %s n %lld %s acts, %lld x %lld tile [%zu]: %.9g, "
                            "scalar %.9g\n",
                            name, kFormatName(format), static_cast<long long>(n),
                            raw ? "raw" : "quantized", static_cast<long long>(actRows),
                            static_cast<long long>(rows), k, got[k], want[k]);
                ok = false;
                break;
              }
          }
      }
  if (ok)
    std::printf("ok   %s k-quant tiles: the scalar bits in %d tiles\n", name, tiles);
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
    checkKQuantTiles(isaName(isa), isa);
  }
#if defined(__aarch64__)
  checkKernels("neon-widening", kernels::kNeon, in, want8, want4);
  checkKQuantTiles("neon-widening", Isa::Neon, kernels::tileKNeon);
  if (kernels::hasDotprod()) {
    checkKernels("neon-sdot", kernels::kNeonDotprod, in, want8, want4);
    checkKQuantTiles("neon-sdot", Isa::Neon, kernels::tileKNeonDotprod);
  } else {
    std::printf("--   neon-sdot: this CPU has no dotprod\n");
  }
#endif
  std::printf("active isa: %s\n", isaName(activeIsa()));
  return failures == 0 ? 0 : 1;
}
