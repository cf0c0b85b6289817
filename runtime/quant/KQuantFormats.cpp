//===- KQuantFormats.cpp - K-quant sizes, dequantization, Q8_K activations -===//
//
// Dequantization gives the bits of ggml's dequantize_row_q*_K: the same
// products in the same order, each rounded to f32 on its own. The compiler
// must not fuse d1 * q - m1 into one fma (one rounding instead of two):
// ggml's reference code is built without FMA on x86-64, while GCC fuses by
// default wherever the target has FMA (always on aarch64). keepRounded()
// pins the product as a rounded f32 in a register.
//
// Q8_K activations follow ggml's reference rules (what llama.cpp runs on
// x86): the product iscale * x is rounded to f32, then to the nearest
// integer with halves to even, by ggml's trick of adding 1.5 * 2^23 (exact
// for |v| < 2^22, and |v| <= 127 here).
//
//===----------------------------------------------------------------------===//

#include "runtime/quant/DotKernels.h"
#include "runtime/quant/KQuantKernels.h"

#include <cmath>
#include <cstring>

namespace thymos::quant {

using namespace kernels;

namespace {

/// `value`, already rounded to f32, kept from being fused into a later add.
inline float keepRounded(float value) {
#if defined(__GNUC__) && defined(__x86_64__)
  __asm__("" : "+x"(value));
#elif defined(__GNUC__) && defined(__aarch64__)
  __asm__("" : "+w"(value));
#endif
  return value;
}

/// Round to nearest, halves to even, for |v| < 2^22.
inline int roundHalfEven(float v) {
  float shifted = keepRounded(v) + 12582912.0f; // 1.5 * 2^23: ulp 1 from here on
  int32_t bits;
  std::memcpy(&bits, &shifted, sizeof bits);
  return (bits & 0x007fffff) - 0x00400000;
}

void dequantizeQ4_KQ5_K(const uint8_t *block, float *y, bool fifthBit) {
  const float d = halfAt(block), dmin = halfAt(block + 2);
  const uint8_t *qs = block + (fifthBit ? kQ5_KQsAt : kQ4_KQsAt);
  const uint8_t *qh = block + kQ5_KQhAt;
  for (int sub = 0; sub < 8; ++sub) {
    int scale, min;
    scaleMinK(block + kKScalesAt, sub, scale, min);
    const float d1 = keepRounded(d * static_cast<float>(scale));
    const float m1 = keepRounded(dmin * static_cast<float>(min));
    // Sub-blocks 2c and 2c+1 share the 32 bytes of chunk c: low, high nibble.
    const uint8_t *bytes = qs + 32 * (sub / 2);
    const int shift = 4 * (sub % 2);
    for (int l = 0; l < 32; ++l) {
      int q = (bytes[l] >> shift) & 0x0f;
      if (fifthBit && ((qh[l] >> sub) & 1))
        q += 16;
      y[32 * sub + l] = keepRounded(d1 * static_cast<float>(q)) - m1;
    }
  }
}

void dequantizeQ6_K(const uint8_t *block, float *y) {
  const float d = halfAt(block + kQ6_KDAt);
  const auto *scales = reinterpret_cast<const int8_t *>(block + kQ6_KScalesAt);
  for (int e = 0; e < kSuperBlockElems; ++e) {
    // Each half of 128 has 64 bytes of ql and 32 of qh; quarter k of a half
    // takes the low (k < 2) or high nibble of ql[l + 32 * (k % 2)] and bits
    // 2k, 2k+1 of qh[l].
    const int half = e / 128, quarter = (e % 128) / 32, l = e % 32;
    const int low = (block[64 * half + l + 32 * (quarter % 2)] >> (4 * (quarter / 2))) & 0x0f;
    const int high = (block[kQ6_KQhAt + 32 * half + l] >> (2 * quarter)) & 3;
    const int q = (low | (high << 4)) - 32;
    // ggml multiplies left to right: (d * scale) * q, each rounded.
    const float ds = keepRounded(d * static_cast<float>(scales[e / 16]));
    y[e] = ds * static_cast<float>(q);
  }
}

} // namespace

const char *kFormatName(KFormat format) {
  switch (format) {
  case KFormat::Q4_K:
    return "q4_K";
  case KFormat::Q5_K:
    return "q5_K";
  case KFormat::Q6_K:
    return "q6_K";
  }
  return "?";
}

size_t kBlockBytes(KFormat format) {
  switch (format) {
  case KFormat::Q4_K:
    return kQ4_KBlockBytes;
  case KFormat::Q5_K:
    return kQ5_KBlockBytes;
  case KFormat::Q6_K:
    return kQ6_KBlockBytes;
  }
  return 0;
}

size_t rowBytesK(KFormat format, int64_t n) {
  return static_cast<size_t>(n / kSuperBlockElems) * kBlockBytes(format);
}

size_t rowBytesQ8_K(int64_t n) {
  return static_cast<size_t>(n / kSuperBlockElems) * kQ8_KBlockBytes;
}

void dequantizeRowK(KFormat format, const void *blocks, float *y, int64_t n) {
  const auto *block = static_cast<const uint8_t *>(blocks);
  const size_t bytes = kBlockBytes(format);
  for (int64_t b = 0; b < n / kSuperBlockElems; ++b, block += bytes, y += kSuperBlockElems) {
    if (format == KFormat::Q6_K)
      dequantizeQ6_K(block, y);
    else
      dequantizeQ4_KQ5_K(block, y, format == KFormat::Q5_K);
  }
}

void quantizeActivationsQ8_K(const float *x, void *blocks, int64_t n) {
  quantizeActivationsQ8_K(x, blocks, n, activeIsa());
}

void quantizeActivationsQ8_K(const float *x, void *blocks, int64_t n, Isa isa) {
#if defined(__x86_64__)
  if (isa != Isa::Scalar && isaSupported(isa))
    return kernels::quantizeActivationsQ8_KAvx2(x, blocks, n);
#else
  (void)isa;
#endif
  auto *block = static_cast<uint8_t *>(blocks);
  for (int64_t b = 0; b < n / kSuperBlockElems; ++b, block += kQ8_KBlockBytes) {
    const float *xb = x + b * kSuperBlockElems;
    float max = 0.0f, amax = 0.0f;
    for (int j = 0; j < kSuperBlockElems; ++j) {
      // The first element of the largest magnitude decides the sign of d.
      if (std::fabs(xb[j]) > amax) {
        amax = std::fabs(xb[j]);
        max = xb[j];
      }
    }
    std::memset(block, 0, kQ8_KBlockBytes);
    if (amax == 0.0f)
      continue;
    const float iscale = -127.0f / max;
    auto *qs = reinterpret_cast<int8_t *>(block + kQ8_KQsAt);
    for (int j = 0; j < kSuperBlockElems; ++j) {
      // An element of the other sign as large as max would give +127 plus a
      // rounding error: the cap keeps it in int8.
      const int q = roundHalfEven(iscale * xb[j]);
      qs[j] = static_cast<int8_t>(q < 127 ? q : 127);
    }
    for (int g = 0; g < 16; ++g) {
      int sum = 0;
      for (int j = 16 * g; j < 16 * g + 16; ++j)
        sum += qs[j];
      block[kQ8_KSumsAt + 2 * g] = static_cast<uint8_t>(sum & 0xff);
      block[kQ8_KSumsAt + 2 * g + 1] = static_cast<uint8_t>((sum >> 8) & 0xff);
    }
    const float d = 1.0f / iscale;
    std::memcpy(block, &d, sizeof d);
  }
}

} // namespace thymos::quant
