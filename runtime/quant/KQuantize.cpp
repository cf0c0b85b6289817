//===- KQuantize.cpp - f32 -> Q4_K/Q5_K/Q6_K: an error-minimizing search --===//
//
// Our own search, in three steps per super-block of 256:
//  1. Each sub-block gets its best f32 scale (and, for Q4_K/Q5_K, offset):
//     a grid of candidate steps around range / levels fixes the integer
//     quants, weighted least squares gives the scale and offset that fit
//     them best (closed form, from five sums), and two rounds of
//     requantize-and-refit polish the winner. The offset stays <= 0 (the
//     format stores it as a non-negative min times dmin).
//  2. The sub-block scales (and mins) become 6-bit (Q6_K: int8) levels of a
//     super-block f16 step: a small grid of steps, a least-squares step for
//     the winner, then rounding to f16. Each sub-block scale is weighted by
//     how much its error costs, sum(w * q^2) for a scale and sum(w) for an
//     offset.
//  3. Every sub-block tries its levels +-1 against the element error with
//     the final f16 steps, and the elements are requantized with the levels
//     kept.
// Rounding uses adding 1.5 * 2^23 (halves to even), which the compiler can
// vectorize on any x86-64, unlike nearbyint without SSE4.1. All of it is
// deterministic: no randomness, no dependence on threads.
//
//===----------------------------------------------------------------------===//

#include "runtime/quant/KQuantKernels.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>

namespace thymos::quant {

using namespace kernels;

namespace {

/// Round to nearest (halves to even), |v| < 2^22; v in f32 throughout.
inline float roundNearest(float v) { return (v + 12582912.0f) - 12582912.0f; }

/// x ~ scale * q + offset for one sub-block.
struct Fit {
  float scale = 0.0f, offset = 0.0f;
  double error = 0.0;
};

/// The weighted least-squares fit of x by scale * q + offset for given q
/// (offset pinned to 0 when `symmetric`, or when the best offset is > 0).
Fit fitQuants(const float *x, const float *w, const float *q, int n, bool symmetric) {
  double sw = 0, sq = 0, sqq = 0, sx = 0, sqx = 0, sxx = 0;
  for (int i = 0; i < n; ++i) {
    sw += w[i];
    sq += w[i] * q[i];
    sqq += w[i] * q[i] * q[i];
    sx += w[i] * x[i];
    sqx += w[i] * q[i] * x[i];
    sxx += w[i] * x[i] * x[i];
  }
  Fit fit;
  fit.error = sxx;
  double a = 0, b = 0;
  const double det = sw * sqq - sq * sq;
  if (!symmetric && det > 0) {
    a = (sw * sqx - sq * sx) / det;
    b = (sqq * sx - sq * sqx) / det;
  } else if (!symmetric && sw > 0) {
    b = sx / sw; // every q equal: the offset alone fits the mean
  }
  if (symmetric || b > 0) {
    b = 0;
    a = sqq > 0 ? sqx / sqq : 0;
  }
  fit.scale = static_cast<float>(a);
  fit.offset = static_cast<float>(b);
  fit.error = sxx - 2 * a * sqx - 2 * b * sx + a * a * sqq + 2 * a * b * sq + b * b * sw;
  return fit;
}

/// q = clamp(round((x - offset) / scale), lo, hi), for every element.
void requantize(const float *x, int n, float scale, float offset, float lo, float hi,
                float *q) {
  const float inv = scale != 0.0f ? 1.0f / scale : 0.0f;
  for (int i = 0; i < n; ++i)
    q[i] = std::min(hi, std::max(lo, roundNearest((x[i] - offset) * inv)));
}

/// Step 1: the best fit of one sub-block with quants in lo..hi (lo = 0 and
/// an offset, or lo = -hi - 1 and symmetric).
Fit searchSubBlock(const float *x, const float *w, int n, float lo, float hi) {
  const bool symmetric = lo < 0;
  float mn = 0.0f, mx = 0.0f, amax = 0.0f, signedMax = 0.0f;
  for (int i = 0; i < n; ++i) {
    mn = std::min(mn, x[i]);
    mx = std::max(mx, x[i]);
    if (std::fabs(x[i]) > amax) {
      amax = std::fabs(x[i]);
      signedMax = x[i];
    }
  }
  Fit best;
  if (amax == 0.0f)
    return best;
  float q[32];
  best.error = 1e300;
  constexpr int kSteps = 16;
  for (int s = 0; s <= kSteps; ++s) {
    const float stretch = -1.0f + 2.0f * s / kSteps; // levels - 1 .. levels + 1
    float scale, offset;
    if (symmetric) { // the largest magnitude lands near the end of the negative range
      scale = signedMax / -(-lo + stretch);
      offset = 0.0f;
    } else {
      scale = (mx - mn) / (hi + stretch);
      offset = mn;
    }
    requantize(x, n, scale, offset, lo, hi, q);
    Fit fit = fitQuants(x, w, q, n, symmetric);
    if (fit.error < best.error)
      best = fit;
  }
  for (int round = 0; round < 2 && best.scale != 0.0f; ++round) {
    requantize(x, n, best.scale, best.offset, lo, hi, q);
    Fit fit = fitQuants(x, w, q, n, symmetric);
    if (!(fit.error < best.error))
      break;
    best = fit;
  }
  return best;
}

/// Step 2: levels L_j in lo..hi and an f16 step d with v_j ~ d * L_j, by the
/// weights `cost`. Returns d (as stored), or 0 when every v_j is 0.
float quantizeLevels(const float *v, const double *cost, int count, int lo, int hi,
                     int *levels) {
  float signedMax = 0.0f;
  for (int j = 0; j < count; ++j)
    if (std::fabs(v[j]) > std::fabs(signedMax))
      signedMax = v[j];
  if (signedMax == 0.0f) {
    std::fill(levels, levels + count, 0);
    return 0.0f;
  }
  auto levelsFor = [&](float d, int *out) {
    double err = 0, svl = 0, sll = 0;
    for (int j = 0; j < count; ++j) {
      float l = std::min<float>(hi, std::max<float>(lo, roundNearest(v[j] / d)));
      out[j] = static_cast<int>(l);
      err += cost[j] * (v[j] - d * l) * (v[j] - d * l);
      svl += cost[j] * v[j] * l;
      sll += cost[j] * l * l;
    }
    return std::array<double, 3>{err, svl, sll};
  };
  // The largest magnitude maps near the end of the range on its side.
  const float end = signedMax > 0 ? static_cast<float>(hi) : static_cast<float>(lo);
  float bestD = signedMax / end;
  double bestErr = 1e300;
  int tmp[16];
  for (int s = 0; s <= 12; ++s) {
    const float d = signedMax / (end - std::copysign(0.25f * s, end));
    auto r = levelsFor(d, tmp);
    if (r[0] < bestErr) {
      bestErr = r[0];
      bestD = d;
    }
    // The least-squares step for these levels.
    if (r[2] > 0) {
      const float ls = static_cast<float>(r[1] / r[2]);
      auto r2 = levelsFor(ls, tmp);
      if (ls != 0.0f && r2[0] < bestErr) {
        bestErr = r2[0];
        bestD = ls;
      }
    }
  }
  const float d = halfToFloat(floatToHalf(bestD));
  if (d == 0.0f) {
    std::fill(levels, levels + count, 0);
    return 0.0f;
  }
  levelsFor(d, levels);
  return d;
}

/// The weighted squared error of sub-block x with quants in 0..hi of
/// scale `d` and offset `-m`, and those quants in `q`.
double subBlockError(const float *x, const float *w, int n, float d, float m, float lo,
                     float hi, float *q) {
  if (d == 0.0f)
    std::fill(q, q + n, 0.0f);
  else
    requantize(x, n, d, -m, lo, hi, q);
  double err = 0;
  for (int i = 0; i < n; ++i) {
    const float diff = d * q[i] - m - x[i];
    err += w[i] * diff * diff;
  }
  return err;
}

void quantizeBlockQ4_5K(const float *x, const float *importance, uint8_t *block,
                        bool fifthBit) {
  const float nmax = fifthBit ? 31.0f : 15.0f;
  float sumSquares = 0.0f;
  for (int i = 0; i < kSuperBlockElems; ++i)
    sumSquares += x[i] * x[i];
  const float sigma2 = 2.0f * sumSquares / kSuperBlockElems;
  float w[kSuperBlockElems];
  float scales[8], mins[8];
  double scaleCost[8], minCost[8];
  for (int s = 0; s < 8; ++s) {
    const float *xs = x + 32 * s;
    float *ws = w + 32 * s;
    float subSquares = 0.0f;
    for (int i = 0; i < 32; ++i)
      subSquares += xs[i] * xs[i];
    const float rms = std::sqrt(subSquares / 32);
    for (int i = 0; i < 32; ++i)
      ws[i] = importance ? importance[32 * s + i] * std::sqrt(sigma2 + xs[i] * xs[i])
                         : rms + std::fabs(xs[i]);
    Fit fit = searchSubBlock(xs, ws, 32, 0.0f, nmax);
    scales[s] = std::max(fit.scale, 0.0f);
    mins[s] = -fit.offset;
    float q[32];
    requantize(xs, 32, fit.scale, fit.offset, 0.0f, nmax, q);
    scaleCost[s] = minCost[s] = 0;
    for (int i = 0; i < 32; ++i) {
      scaleCost[s] += ws[i] * q[i] * q[i];
      minCost[s] += ws[i];
    }
  }
  int ls[8], lm[8];
  const float d = quantizeLevels(scales, scaleCost, 8, 0, 63, ls);
  const float dmin = quantizeLevels(mins, minCost, 8, 0, 63, lm);
  uint8_t levels[kSuperBlockElems];
  for (int s = 0; s < 8; ++s) {
    // Step 3: the neighbouring levels, by the element error.
    const float *xs = x + 32 * s, *ws = w + 32 * s;
    float q[32], bestQ[32];
    double bestErr = 1e300;
    int bestS = ls[s], bestM = lm[s];
    for (int ds = -1; ds <= 1; ++ds)
      for (int dm = -1; dm <= 1; ++dm) {
        const int cs = ls[s] + ds, cm = lm[s] + dm;
        if (cs < 0 || cs > 63 || cm < 0 || cm > 63)
          continue;
        const double err = subBlockError(xs, ws, 32, d * static_cast<float>(cs),
                                         dmin * static_cast<float>(cm), 0.0f, nmax, q);
        if (err < bestErr) {
          bestErr = err;
          bestS = cs;
          bestM = cm;
          std::memcpy(bestQ, q, sizeof q);
        }
      }
    ls[s] = bestS;
    lm[s] = bestM;
    for (int i = 0; i < 32; ++i)
      levels[32 * s + i] = static_cast<uint8_t>(bestQ[i]);
  }
  std::memset(block, 0, kBlockBytes(fifthBit ? KFormat::Q5_K : KFormat::Q4_K));
  const uint16_t dh = floatToHalf(d), mh = floatToHalf(dmin);
  block[0] = static_cast<uint8_t>(dh);
  block[1] = static_cast<uint8_t>(dh >> 8);
  block[2] = static_cast<uint8_t>(mh);
  block[3] = static_cast<uint8_t>(mh >> 8);
  uint8_t *sc = block + kKScalesAt;
  for (int s = 0; s < 8; ++s) {
    if (s < 4) {
      sc[s] = static_cast<uint8_t>(ls[s]);
      sc[s + 4] = static_cast<uint8_t>(lm[s]);
      continue;
    }
    sc[s + 4] = static_cast<uint8_t>((ls[s] & 0x0f) | ((lm[s] & 0x0f) << 4));
    sc[s - 4] |= static_cast<uint8_t>((ls[s] >> 4) << 6);
    sc[s] |= static_cast<uint8_t>((lm[s] >> 4) << 6);
  }
  uint8_t *qs = block + (fifthBit ? kQ5_KQsAt : kQ4_KQsAt);
  for (int e = 0; e < kSuperBlockElems; ++e) {
    const int sub = e / 32, l = e % 32;
    qs[32 * (sub / 2) + l] |= static_cast<uint8_t>((levels[e] & 0x0f) << (4 * (sub % 2)));
    if (fifthBit)
      block[kQ5_KQhAt + l] |= static_cast<uint8_t>((levels[e] >> 4) << sub);
  }
}

void quantizeBlockQ6_K(const float *x, const float *importance, uint8_t *block) {
  float w[kSuperBlockElems], scales[16];
  double cost[16];
  for (int i = 0; i < kSuperBlockElems; ++i)
    w[i] = importance ? importance[i] : x[i] * x[i];
  for (int s = 0; s < 16; ++s) {
    Fit fit = searchSubBlock(x + 16 * s, w + 16 * s, 16, -32.0f, 31.0f);
    scales[s] = fit.scale;
    float q[16];
    requantize(x + 16 * s, 16, fit.scale, 0.0f, -32.0f, 31.0f, q);
    cost[s] = 0;
    for (int i = 0; i < 16; ++i)
      cost[s] += w[16 * s + i] * q[i] * q[i];
  }
  int ls[16];
  const float d = quantizeLevels(scales, cost, 16, -128, 127, ls);
  uint8_t levels[kSuperBlockElems];
  for (int s = 0; s < 16; ++s) {
    const float *xs = x + 16 * s, *ws = w + 16 * s;
    float q[16], bestQ[16] = {};
    double bestErr = 1e300;
    int bestS = ls[s];
    for (int ds = -1; ds <= 1; ++ds) {
      const int cs = ls[s] + ds;
      if (cs < -128 || cs > 127)
        continue;
      const double err =
          subBlockError(xs, ws, 16, d * static_cast<float>(cs), 0.0f, -32.0f, 31.0f, q);
      if (err < bestErr) {
        bestErr = err;
        bestS = cs;
        std::memcpy(bestQ, q, sizeof q);
      }
    }
    ls[s] = bestS;
    for (int i = 0; i < 16; ++i)
      levels[16 * s + i] = static_cast<uint8_t>(static_cast<int>(bestQ[i]) + 32);
  }
  std::memset(block, 0, kQ6_KBlockBytes);
  for (int e = 0; e < kSuperBlockElems; ++e) {
    const int half = e / 128, quarter = (e % 128) / 32, l = e % 32;
    block[64 * half + l + 32 * (quarter % 2)] |=
        static_cast<uint8_t>((levels[e] & 0x0f) << (4 * (quarter / 2)));
    block[kQ6_KQhAt + 32 * half + l] |= static_cast<uint8_t>((levels[e] >> 4) << (2 * quarter));
  }
  for (int s = 0; s < 16; ++s)
    block[kQ6_KScalesAt + s] = static_cast<uint8_t>(static_cast<int8_t>(ls[s]));
  const uint16_t dh = floatToHalf(d);
  block[kQ6_KDAt] = static_cast<uint8_t>(dh);
  block[kQ6_KDAt + 1] = static_cast<uint8_t>(dh >> 8);
}

} // namespace

void quantizeRowK(KFormat format, const float *x, void *blocks, int64_t n,
                  const float *importance) {
  auto *block = static_cast<uint8_t *>(blocks);
  const size_t bytes = kBlockBytes(format);
  for (int64_t b = 0; b < n / kSuperBlockElems; ++b, block += bytes) {
    const float *xb = x + b * kSuperBlockElems;
    const float *ib = importance ? importance + b * kSuperBlockElems : nullptr;
    if (format == KFormat::Q6_K)
      quantizeBlockQ6_K(xb, ib, block);
    else
      quantizeBlockQ4_5K(xb, ib, block, format == KFormat::Q5_K);
  }
}

} // namespace thymos::quant
