//===- Quantize.cpp - f32 rows to Q8_0/Q4_0 blocks and back -----------------===//
//
// ggml's reference rules, so that a file written here is byte-identical to
// one written by ggml's reference quantizer:
//  - Q8_0: d = amax / 127, q = round(x * (1/d)) with halves away from zero.
//  - Q4_0: `max` is the element of largest magnitude (first one on a tie),
//    kept with its sign; d = max / -8, so max itself maps to q = 0 (value -8);
//    q = min(15, trunc(x * (1/d) + 8.5)). Elements 0..15 of a block go to the
//    low nibbles of bytes 0..15, elements 16..31 to the high nibbles.
// The scale is stored as an fp16, but the quantized integers are computed
// from the f32 d, as ggml does. Only one thing is ours: where ggml's
// conversion would be undefined (NaN or inf in the block), the integer
// saturates and NaN becomes 0.
//
//===----------------------------------------------------------------------===//

#include "runtime/quant/DotKernels.h"
#include "runtime/quant/Quant.h"

#include <cmath>
#include <cstring>

namespace thymos::quant {

namespace {

void storeHalf(uint8_t *at, float value) {
  uint16_t half = floatToHalf(value);
  std::memcpy(at, &half, sizeof half); // Little-endian hosts only (as the plan format).
}

float loadHalf(const uint8_t *at) {
  uint16_t half;
  std::memcpy(&half, at, sizeof half);
  return halfToFloat(half);
}

/// Float to integer in [lo, hi] without undefined behaviour: NaN gives 0.
int clampToInt(float value, int lo, int hi) {
  if (!(value == value))
    return 0;
  if (value <= static_cast<float>(lo))
    return lo;
  if (value >= static_cast<float>(hi))
    return hi;
  return static_cast<int>(value); // Truncates toward zero.
}

} // namespace

void quantizeRowQ8_0(const float *x, void *blocks, int64_t n) {
  auto *out = static_cast<uint8_t *>(blocks);
  for (int64_t b = 0; b < n / kBlockElems; ++b, x += kBlockElems, out += kQ8_0BlockBytes) {
    float amax = 0.0f;
    for (int64_t j = 0; j < kBlockElems; ++j)
      amax = std::fmax(amax, std::fabs(x[j]));
    const float d = amax / 127.0f;
    const float id = d != 0.0f ? 1.0f / d : 0.0f;
    storeHalf(out, d);
    for (int64_t j = 0; j < kBlockElems; ++j) {
      auto q = static_cast<int8_t>(clampToInt(std::round(x[j] * id), -128, 127));
      std::memcpy(out + 2 + j, &q, 1);
    }
  }
}

namespace {

void quantizeActivationsQ8_0Portable(const float *x, void *blocks, int64_t n) {
  auto *out = static_cast<uint8_t *>(blocks);
  for (int64_t b = 0; b < n / kBlockElems; ++b, x += kBlockElems, out += kQ8_0BlockBytes) {
    float amax = 0.0f;
    for (int64_t j = 0; j < kBlockElems; ++j)
      amax = std::fmax(amax, std::fabs(x[j]));
    const float d = amax / 127.0f;
#if defined(__aarch64__)
    const float id = d != 0.0f ? 1.0f / d : 0.0f;
#else
    const float id = amax != 0.0f ? 127.0f / amax : 0.0f;
#endif
    storeHalf(out, d);
    for (int64_t j = 0; j < kBlockElems; ++j) {
      // nearbyint rounds halves to even in the default rounding mode.
      auto q = static_cast<int8_t>(clampToInt(std::nearbyint(x[j] * id), -128, 127));
      std::memcpy(out + 2 + j, &q, 1);
    }
  }
}

} // namespace

void quantizeActivationsQ8_0(const float *x, void *blocks, int64_t n) {
  quantizeActivationsQ8_0(x, blocks, n, activeIsa());
}

void quantizeActivationsQ8_0(const float *x, void *blocks, int64_t n, Isa isa) {
#if defined(__x86_64__)
  if (isa != Isa::Scalar && isaSupported(isa)) {
    kernels::quantizeActivationsQ8_0Avx2(x, blocks, n);
    return;
  }
#endif
  (void)isa;
  quantizeActivationsQ8_0Portable(x, blocks, n);
}

void quantizeRowQ4_0(const float *x, void *blocks, int64_t n) {
  auto *out = static_cast<uint8_t *>(blocks);
  const int64_t half = kBlockElems / 2;
  for (int64_t b = 0; b < n / kBlockElems; ++b, x += kBlockElems, out += kQ4_0BlockBytes) {
    float amax = 0.0f;
    float max = 0.0f;
    for (int64_t j = 0; j < kBlockElems; ++j) {
      if (amax < std::fabs(x[j])) { // Strict: the first of equal magnitudes wins.
        amax = std::fabs(x[j]);
        max = x[j];
      }
    }
    const float d = max / -8.0f;
    const float id = d != 0.0f ? 1.0f / d : 0.0f;
    storeHalf(out, d);
    for (int64_t j = 0; j < half; ++j) {
      int lo = clampToInt(x[j] * id + 8.5f, -128, 127);
      int hi = clampToInt(x[j + half] * id + 8.5f, -128, 127);
      // ggml keeps the int8 truncation and caps at 15 only from above; the
      // value is never below 0 for finite inputs (x * id >= -8).
      lo = lo < 0 ? 0 : (lo > 15 ? 15 : lo);
      hi = hi < 0 ? 0 : (hi > 15 ? 15 : hi);
      out[2 + j] = static_cast<uint8_t>(lo | (hi << 4));
    }
  }
}

void dequantizeRowQ8_0(const void *blocks, float *y, int64_t n) {
  const auto *in = static_cast<const uint8_t *>(blocks);
  for (int64_t b = 0; b < n / kBlockElems; ++b, y += kBlockElems, in += kQ8_0BlockBytes) {
    const float d = loadHalf(in);
    for (int64_t j = 0; j < kBlockElems; ++j)
      y[j] = d * static_cast<float>(static_cast<int8_t>(in[2 + j]));
  }
}

void dequantizeRowQ4_0(const void *blocks, float *y, int64_t n) {
  const auto *in = static_cast<const uint8_t *>(blocks);
  const int64_t half = kBlockElems / 2;
  for (int64_t b = 0; b < n / kBlockElems; ++b, y += kBlockElems, in += kQ4_0BlockBytes) {
    const float d = loadHalf(in);
    for (int64_t j = 0; j < half; ++j) {
      y[j] = d * static_cast<float>((in[2 + j] & 0x0f) - 8);
      y[j + half] = d * static_cast<float>((in[2 + j] >> 4) - 8);
    }
  }
}

} // namespace thymos::quant
