//===- KQuantKernels.h - The per-ISA K-quant kernels behind KQuant.h -------===//
//
// Internal to runtime/quant. KQuantDot.cpp holds the scalar reference and
// picks one of these by Isa; every ISA must give its results bit for bit.
// The byte offsets below are the one description of the block layouts that
// the kernels share (KQuant.h gives the formats in words).
//
//===----------------------------------------------------------------------===//
#pragma once

#include "runtime/quant/KQuant.h"

#include <cstring>

namespace thymos::quant::kernels {

// Q4_K: d, dmin, scales[12], qs[128]. Q5_K: d, dmin, scales[12], qh[32],
// qs[128]. Q6_K: ql[128], qh[64], scales[16] (int8), d. Q8_K: f32 d,
// qs[256] (int8), bsums[16] (int16).
constexpr size_t kKScalesAt = 4;
constexpr size_t kQ4_KQsAt = 16;
constexpr size_t kQ5_KQhAt = 16, kQ5_KQsAt = 48;
constexpr size_t kQ6_KQhAt = 128, kQ6_KScalesAt = 192, kQ6_KDAt = 208;
constexpr size_t kQ8_KQsAt = 4, kQ8_KSumsAt = 260;

/// A tile of dot products of K-quant weight rows with Q8_K activation rows,
/// as dotTileKQ8_K() describes it.
struct KTile {
  KFormat format;
  const uint8_t *weights;
  size_t weightRowBytes;
  int64_t weightRows;
  const uint8_t *acts;
  size_t actRowBytes;
  int64_t actRows;
  int64_t n;
  float *out;
  int64_t outStride;
};

void tileKScalar(const KTile &tile);
#if defined(__x86_64__)
void tileKAvx2(const KTile &tile);
void tileKAvx512Vnni(const KTile &tile);
void tileKAvxVnni(const KTile &tile);
/// A tile whose weights are packQ4_KRows4() groups (weightRows a multiple of
/// 4, weightRowBytes one row's bytes, n at most kRows4MaxK).
void tileQ4_KRows4Avx512Vnni(const KTile &tile);
#endif
#if defined(__aarch64__)
void tileKNeon(const KTile &tile);        // Baseline ARMv8: vmull_s8 + vpaddq_s16.
void tileKNeonDotprod(const KTile &tile); // ARMv8.2 sdot, where hasDotprod().
#endif

/// The f16 at `at` (little-endian), as f32.
inline float halfAt(const uint8_t *at) {
  return halfToFloat(static_cast<uint16_t>(at[0] | (at[1] << 8)));
}

inline float q8KScale(const uint8_t *block) {
  float d;
  std::memcpy(&d, block, sizeof d);
  return d;
}

inline int16_t q8KSum(const uint8_t *block, int group) {
  const uint8_t *at = block + kQ8_KSumsAt + 2 * group;
  return static_cast<int16_t>(at[0] | (at[1] << 8));
}

/// The 6-bit scale and min of sub-block j (0..7) from the 12 scale bytes of
/// a Q4_K/Q5_K block: bytes 0..3 hold scales 0..3 and bytes 4..7 mins 0..3
/// in their low six bits; scales and mins 4..7 keep their low four bits in
/// the nibbles of bytes 8..11 and their top two bits in the spare top bits
/// of bytes 0..3 (scales) and 4..7 (mins).
inline void scaleMinK(const uint8_t *scales, int j, int &scale, int &min) {
  if (j < 4) {
    scale = scales[j] & 63;
    min = scales[j + 4] & 63;
    return;
  }
  scale = (scales[j + 4] & 0x0f) | ((scales[j - 4] >> 6) << 4);
  min = (scales[j + 4] >> 4) | ((scales[j] >> 6) << 4);
}

} // namespace thymos::quant::kernels
