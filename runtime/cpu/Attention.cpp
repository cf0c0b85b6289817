//===- Attention.cpp - Writing a key/value cache and attending over it -------===//
//
// cache_write: the result is the cache with rows [pos, pos + T) replaced.
// When the result shares the cache's bytes (a state updated in place, trait
// UpdatesFirstOperand) only those T rows are written; otherwise the cache is
// copied first. The loader lets only operand 0 share the result's bytes.
//
// attention: query t of head h, at position pos + t, against the key/value
// rows 0 .. pos + t of its group's head. One pass per query with a running
// maximum (the softmax is rescaled whenever a larger score appears), so
// nothing past pos + t is read and the only scratch is on the stack: run()
// allocates nothing. Scores and sums are binary64 whatever the element type.
//
// A work item is one token and up to kHeadsTogether query heads of one
// key/value head (grouped-query attention): each key and value row is
// widened to binary64 once and used by all of them. The keys are taken in
// chunks of kKeysPerChunk: all of a chunk's scores first (independent dot
// products, so the vector units are busy instead of waiting on one sum),
// then each head's running maximum is raised once per chunk and the chunk's
// weights are added. The dot products and the weighted sums run four
// binary64 lanes wide (AVX2 + FMA where the CPU has them, chosen at run
// time), as do the chunk's exponentials (expsAvx2, within 2 ulp); the order
// of the additions differs from a plain loop by binary64 rounding only, far
// below the f32 result's, and does not depend on how the heads are grouped.
//
//===----------------------------------------------------------------------===//

#include "runtime/PlanFormat.h"
#include "runtime/cpu/KernelSupport.h"
#include "runtime/cpu/ThreadPool.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <type_traits>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace thymos::rt {

namespace {

/// The rows [pos, pos + rows) must lie in a cache of `capacity` rows; checked
/// before anything is written.
Status checkRowRange(const char *op, int32_t pos, int64_t rows, int64_t capacity) {
  if (pos < 0 || int64_t(pos) + rows > capacity)
    return Status::error(std::string(op) + ": rows " + std::to_string(pos) + " .. " +
                         std::to_string(int64_t(pos) + rows - 1) + " lie outside the cache's " +
                         std::to_string(capacity) + " rows (positions 0 .. " +
                         std::to_string(capacity - 1) + ")");
  return Status::success();
}

Status checkScalarPosition(const char *op, const TensorView &pos) {
  if (pos.dtype != DType::I32 || pos.rank != 0)
    return kernelError(op, std::string("pos must be a scalar i32[], got ") + dtypeName(pos.dtype) +
                               shapeStr(pos));
  return Status::success();
}

//===----------------------------------------------------------------------===//
// cache_write
//===----------------------------------------------------------------------===//

const char *const kWrite = "cache_write";

Status cacheWriteCheck(const KernelCall &call) {
  if (Status s = checkArity(call, kWrite, 3, 0); !s)
    return s;
  if (Status s = checkAllViews(call, kWrite); !s)
    return s;
  const TensorView &cache = call.inputs[0], &rows = call.inputs[1], &y = *call.output;
  if (Status s = checkDType(kWrite, "cache", cache.dtype, kFloat32And64); !s)
    return s;
  if (cache.rank == 0)
    return kernelError(kWrite, "cache must have rank >= 1, got a scalar");
  bool rowsFit = rows.dtype == cache.dtype && rows.rank == cache.rank &&
                 rows.dims[0] <= cache.dims[0];
  for (uint32_t d = 1; rowsFit && d < cache.rank; ++d)
    rowsFit = rows.dims[d] == cache.dims[d];
  if (!rowsFit)
    return kernelError(kWrite, std::string("rows ") + dtypeName(rows.dtype) + shapeStr(rows) +
                                   " must have the element type and trailing dimensions of "
                                   "cache " +
                                   dtypeName(cache.dtype) + shapeStr(cache) +
                                   " and at most its rows");
  if (Status s = checkScalarPosition(kWrite, call.inputs[2]); !s)
    return s;
  if (y.dtype != cache.dtype || !sameShape(y, cache))
    return kernelError(kWrite, std::string("result ") + dtypeName(y.dtype) + shapeStr(y) +
                                   " should have cache's type " + dtypeName(cache.dtype) +
                                   shapeStr(cache));
  return Status::success();
}

Status cacheWriteRun(const KernelCall &call, ThreadPool *) {
  const TensorView &cache = call.inputs[0], &rows = call.inputs[1], &y = *call.output;
  const int32_t pos = *call.inputs[2].as<int32_t>();
  if (Status s = checkRowRange(kWrite, pos, rows.dims[0], cache.dims[0]); !s)
    return s;
  const size_t rowBytes =
      static_cast<size_t>(cache.numElements() / cache.dims[0]) * elementBytes(cache.dtype);
  if (y.data != cache.data)
    std::memcpy(y.data, cache.data, rowBytes * static_cast<size_t>(cache.dims[0]));
  std::memcpy(y.as<unsigned char>() + rowBytes * static_cast<size_t>(pos), rows.data,
              rowBytes * static_cast<size_t>(rows.dims[0]));
  return Status::success();
}

//===----------------------------------------------------------------------===//
// attention
//===----------------------------------------------------------------------===//

const char *const kAttention = "attention";

Status attentionCheck(const KernelCall &call) {
  if (Status s = checkArity(call, kAttention, 4, 1); !s)
    return s;
  if (Status s = checkAllViews(call, kAttention); !s)
    return s;
  const TensorView &q = call.inputs[0], &k = call.inputs[1], &v = call.inputs[2];
  const TensorView &y = *call.output;
  if (Status s = checkDType(kAttention, "q", q.dtype, kFloat32And64); !s)
    return s;
  if (q.rank != 3)
    return kernelError(kAttention, "q must have rank 3 (tokens, heads, head dimension), got " +
                                       std::string(dtypeName(q.dtype)) + shapeStr(q));
  if (k.dtype != q.dtype || k.rank != 3 || k.dims[2] != q.dims[2] || v.dtype != k.dtype ||
      !sameShape(v, k))
    return kernelError(kAttention, std::string("k and v must be caches [positions, key/value "
                                               "heads, ") +
                                       std::to_string(q.dims[2]) + "] of q's element type, got " +
                                       dtypeName(k.dtype) + shapeStr(k) + " and " +
                                       dtypeName(v.dtype) + shapeStr(v));
  if (q.dims[1] % k.dims[1] != 0)
    return kernelError(kAttention, "q's " + std::to_string(q.dims[1]) +
                                       " heads are not a multiple of the cache's " +
                                       std::to_string(k.dims[1]) + " key/value heads");
  if (q.dims[2] > plan::kMaxAttentionHeadDim)
    return kernelError(kAttention, "the head dimension " + std::to_string(q.dims[2]) +
                                       " is more than " +
                                       std::to_string(plan::kMaxAttentionHeadDim));
  if (q.dims[0] > k.dims[0])
    return kernelError(kAttention, "q has more tokens than the cache has positions");
  if (Status s = checkScalarPosition(kAttention, call.inputs[3]); !s)
    return s;
  if (!std::isfinite(paramAsDouble(call.params[0])))
    return kernelError(kAttention, "scale must be a finite number");
  if (y.dtype != q.dtype || !sameShape(y, q))
    return kernelError(kAttention, std::string("result ") + dtypeName(y.dtype) + shapeStr(y) +
                                       " should have q's type " + dtypeName(q.dtype) +
                                       shapeStr(q));
  return Status::success();
}

/// sum_d x[d] * y[d] and acc[d] += w * v[d] in binary64, for one head. The
/// rows are widened to binary64 first (exactly), once per row however many
/// query heads share it.
struct HeadMath {
  static double dot(const double *x, const double *y, int64_t n) {
    double s[4] = {0.0, 0.0, 0.0, 0.0};
    int64_t d = 0;
    for (; d + 4 <= n; d += 4)
      for (int l = 0; l < 4; ++l)
        s[l] += x[d + l] * y[d + l];
    double sum = (s[0] + s[2]) + (s[1] + s[3]);
    for (; d < n; ++d)
      sum += x[d] * y[d];
    return sum;
  }
  static void axpy(double w, const double *v, double *acc, int64_t n) {
    for (int64_t d = 0; d < n; ++d)
      acc[d] += w * v[d];
  }
  /// x[j] = exp(x[j]) in place.
  static void exps(double *x, int64_t n) {
    for (int64_t j = 0; j < n; ++j)
      x[j] = std::exp(x[j]);
  }
};

#if defined(__x86_64__)
#define THYMOS_AVX2_FMA __attribute__((target("avx2,fma")))

THYMOS_AVX2_FMA double dotAvx2(const double *x, const double *y, int64_t n) {
  __m256d s0 = _mm256_setzero_pd(), s1 = _mm256_setzero_pd();
  int64_t d = 0;
  for (; d + 8 <= n; d += 8) {
    s0 = _mm256_fmadd_pd(_mm256_loadu_pd(x + d), _mm256_loadu_pd(y + d), s0);
    s1 = _mm256_fmadd_pd(_mm256_loadu_pd(x + d + 4), _mm256_loadu_pd(y + d + 4), s1);
  }
  __m256d s = _mm256_add_pd(s0, s1);
  __m128d h = _mm_add_pd(_mm256_castpd256_pd128(s), _mm256_extractf128_pd(s, 1));
  double sum = _mm_cvtsd_f64(_mm_add_sd(h, _mm_unpackhi_pd(h, h)));
  for (; d < n; ++d)
    sum += x[d] * y[d];
  return sum;
}

/// exp() four lanes at a time for arguments in [-708, 0] (a score minus the
/// running maximum), within 2 ulp of the correctly rounded binary64 value:
/// x = k ln 2 + r with |r| <= ln 2 / 2, exp(r) by its Taylor series to
/// r^12 (the remainder is below 2^-52 of it), times 2^k built in the
/// exponent bits. Other arguments (-inf, NaN, or below -708 where the
/// result is subnormal) go to std::exp lane by lane.
THYMOS_AVX2_FMA void expsAvx2(double *x, int64_t n) {
  const __m256d log2e = _mm256_set1_pd(1.4426950408889634);
  const __m256d ln2hi = _mm256_set1_pd(0.6931471805598903);
  const __m256d ln2lo = _mm256_set1_pd(5.497923018708371e-14);
  const __m256d lowest = _mm256_set1_pd(-708.0), zero = _mm256_setzero_pd();
  int64_t j = 0;
  for (; j + 4 <= n; j += 4) {
    const __m256d v = _mm256_loadu_pd(x + j);
    const __m256d inRange = _mm256_and_pd(_mm256_cmp_pd(v, lowest, _CMP_GE_OQ),
                                          _mm256_cmp_pd(v, zero, _CMP_LE_OQ));
    if (_mm256_movemask_pd(inRange) != 0xf) {
      for (int l = 0; l < 4; ++l)
        x[j + l] = std::exp(x[j + l]);
      continue;
    }
    const __m256d k = _mm256_round_pd(_mm256_mul_pd(v, log2e),
                                      _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    const __m256d r = _mm256_fnmadd_pd(k, ln2lo, _mm256_fnmadd_pd(k, ln2hi, v));
    // 1 + r + r^2/2! + ... + r^12/12!, by Horner's rule.
    __m256d p = _mm256_set1_pd(1.0 / 479001600.0);
    static const double kInverseFactorials[12] = {
        1.0 / 39916800.0, 1.0 / 3628800.0, 1.0 / 362880.0, 1.0 / 40320.0,
        1.0 / 5040.0,     1.0 / 720.0,     1.0 / 120.0,    1.0 / 24.0,
        1.0 / 6.0,        0.5,             1.0,            1.0};
    for (double c : kInverseFactorials)
      p = _mm256_fmadd_pd(p, r, _mm256_set1_pd(c));
    // 2^k: k + 1023 in the exponent field (k >= -1022 here).
    const __m128i k32 = _mm256_cvtpd_epi32(k);
    const __m256i biased = _mm256_add_epi64(_mm256_cvtepi32_epi64(k32), _mm256_set1_epi64x(1023));
    const __m256i bits = _mm256_slli_epi64(biased, 52);
    _mm256_storeu_pd(x + j, _mm256_mul_pd(p, _mm256_castsi256_pd(bits)));
  }
  for (; j < n; ++j)
    x[j] = std::exp(x[j]);
}

THYMOS_AVX2_FMA void axpyAvx2(double w, const double *v, double *acc, int64_t n) {
  const __m256d wv = _mm256_set1_pd(w);
  int64_t d = 0;
  for (; d + 4 <= n; d += 4)
    _mm256_storeu_pd(acc + d,
                     _mm256_fmadd_pd(wv, _mm256_loadu_pd(v + d), _mm256_loadu_pd(acc + d)));
  for (; d < n; ++d)
    acc[d] += w * v[d];
}
#endif

template <typename T> void widen(const T *x, double *y, int64_t n) {
  for (int64_t d = 0; d < n; ++d)
    y[d] = double(x[d]);
}

#if defined(__x86_64__)
/// widen() in stores of four doubles, the width dotAvx2() and axpyAvx2()
/// load them back at: a load that spans two narrower stores cannot be
/// forwarded from them and waits until they reach the cache (with SSE2's
/// two-double stores, this made attention on stories260K 1.5x slower).
THYMOS_AVX2_FMA void widenAvx2(const float *x, double *y, int64_t n) {
  int64_t d = 0;
  for (; d + 4 <= n; d += 4)
    _mm256_storeu_pd(y + d, _mm256_cvtps_pd(_mm_loadu_ps(x + d)));
  for (; d < n; ++d)
    y[d] = double(x[d]);
}
#endif

/// The head math for this CPU, chosen once.
struct HeadKernels {
  double (*dot)(const double *, const double *, int64_t) = HeadMath::dot;
  void (*axpy)(double, const double *, double *, int64_t) = HeadMath::axpy;
  void (*exps)(double *, int64_t) = HeadMath::exps;
  void (*widenF32)(const float *, double *, int64_t) = widen<float>;
  HeadKernels() {
#if defined(__x86_64__)
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
      dot = dotAvx2;
      axpy = axpyAvx2;
      exps = expsAvx2;
      widenF32 = widenAvx2;
    }
#endif
  }
};

const HeadKernels &headKernels() {
  static const HeadKernels chosen;
  return chosen;
}

/// Keys scored together before their weights are added (the scores live on
/// the stack).
constexpr int64_t kKeysPerChunk = 64;
/// Query heads of one key/value head that go through its rows together.
constexpr int64_t kHeadsTogether = 4;



/// How many rows ahead the key and value rows are asked for. A head's part
/// of a row is a short piece of it (64 f32 of 256 with 4 key/value heads),
/// a stride the hardware prefetchers follow poorly: without this, a decode
/// step at position 600 spent most of its attention time waiting on loads.
constexpr int64_t kPrefetchRows = 8;

template <typename T> void prefetchRow(const T *row, int64_t n) {
  const auto *bytes = reinterpret_cast<const char *>(row);
  for (size_t at = 0; at < static_cast<size_t>(n) * sizeof(T); at += 64)
    __builtin_prefetch(bytes + at);
}

template <typename T> struct AttentionJob {
  const T *q, *k, *v;
  T *y;
  int64_t tokens, heads, kvHeads, headDim;
  int32_t pos;
  double scale;
  const HeadKernels *math;

  void widenRow(const T *from, double *to, int64_t n) const {
    if constexpr (std::is_same_v<T, float>)
      math->widenF32(from, to, n);
    else
      widen(from, to, n);
  }

  /// Query heads per work item (the last item of a group may have fewer).
  int64_t headsPerItem() const { return std::min(kHeadsTogether, heads / kvHeads); }
  int64_t itemsPerToken() const {
    const int64_t group = heads / kvHeads;
    return kvHeads * ((group + headsPerItem() - 1) / headsPerItem());
  }

  /// Work item i: query token i / itemsPerToken(), and up to kHeadsTogether
  /// query heads of one key/value head, which read each of its key and
  /// value rows once for all of them.
  void run(int64_t begin, int64_t end) const {
    constexpr int64_t kMaxDim = plan::kMaxAttentionHeadDim;
    double acc[kHeadsTogether][kMaxDim];
    double qd[kHeadsTogether][kMaxDim];
    double row[kMaxDim];
    double scores[kHeadsTogether][kKeysPerChunk];
    double maxScore[kHeadsTogether], sum[kHeadsTogether];
    const int64_t group = heads / kvHeads, perItem = headsPerItem();
    const int64_t itemsPerGroup = (group + perItem - 1) / perItem;
    const int64_t rowStride = kvHeads * headDim;
    for (int64_t i = begin; i < end; ++i) {
      const int64_t t = i / itemsPerToken(), rest = i % itemsPerToken();
      const int64_t kvHead = rest / itemsPerGroup;
      const int64_t h0 = kvHead * group + (rest % itemsPerGroup) * perItem;
      const int64_t count = std::min(perItem, (kvHead + 1) * group - h0);
      const T *kHead = k + kvHead * headDim, *vHead = v + kvHead * headDim;
      for (int64_t h = 0; h < count; ++h) {
        widenRow(q + (t * heads + h0 + h) * headDim, qd[h], headDim);
        std::fill(acc[h], acc[h] + headDim, 0.0);
        maxScore[h] = -std::numeric_limits<double>::infinity();
        sum[h] = 0.0;
      }
      const int64_t keys = int64_t(pos) + t + 1;
      for (int64_t j0 = 0; j0 < keys; j0 += kKeysPerChunk) {
        const int64_t chunk = std::min(kKeysPerChunk, keys - j0);
        for (int64_t j = 0; j < chunk; ++j) {
          if (j0 + j + kPrefetchRows < keys)
            prefetchRow(kHead + (j0 + j + kPrefetchRows) * rowStride, headDim);
          widenRow(kHead + (j0 + j) * rowStride, row, headDim);
          for (int64_t h = 0; h < count; ++h)
            scores[h][j] = math->dot(qd[h], row, headDim) * scale;
        }
        for (int64_t h = 0; h < count; ++h) {
          double chunkMax = -std::numeric_limits<double>::infinity();
          for (int64_t j = 0; j < chunk; ++j)
            chunkMax = std::max(chunkMax, scores[h][j]);
          if (chunkMax > maxScore[h]) {
            // Rescale what was summed under the old maximum.
            const double shrink = std::exp(maxScore[h] - chunkMax);
            sum[h] *= shrink;
            for (int64_t d = 0; d < headDim; ++d)
              acc[h][d] *= shrink;
            maxScore[h] = chunkMax;
          }
          for (int64_t j = 0; j < chunk; ++j)
            scores[h][j] -= maxScore[h];
          math->exps(scores[h], chunk); // the weights
        }
        for (int64_t j = 0; j < chunk; ++j) {
          if (j0 + j + kPrefetchRows < keys)
            prefetchRow(vHead + (j0 + j + kPrefetchRows) * rowStride, headDim);
          widenRow(vHead + (j0 + j) * rowStride, row, headDim);
          for (int64_t h = 0; h < count; ++h) {
            sum[h] += scores[h][j];
            math->axpy(scores[h][j], row, acc[h], headDim);
          }
        }
      }
      for (int64_t h = 0; h < count; ++h) {
        T *yi = y + (t * heads + h0 + h) * headDim;
        for (int64_t d = 0; d < headDim; ++d)
          yi[d] = static_cast<T>(acc[h][d] / sum[h]);
      }
    }
  }

  static void runRange(void *ctx, int64_t begin, int64_t end) {
    static_cast<const AttentionJob *>(ctx)->run(begin, end);
  }
};

/// Below this many multiply-adds of q·k and p·v the step runs on one thread
/// (stories260K's 8 heads of 8 at position 100 took 3x longer on two).
constexpr int64_t kMinParallelWork = 32768;

template <typename T>
void attend(const KernelCall &call, int32_t pos, ThreadPool *threads) {
  const TensorView &q = call.inputs[0], &k = call.inputs[1];
  AttentionJob<T> job{q.as<T>(),  k.as<T>(),  call.inputs[2].as<T>(), call.output->as<T>(),
                      q.dims[0],  q.dims[1],  k.dims[1],              q.dims[2],
                      pos,        paramAsDouble(call.params[0]),      &headKernels()};
  const int64_t items = q.dims[0] * job.itemsPerToken();
  // Each query reads pos + t + 1 key and value rows; waking the other
  // threads costs about as much as a few ten thousand multiply-adds.
  const int64_t work = q.dims[0] * q.dims[1] * (int64_t(pos) + q.dims[0]) * q.dims[2];
  if (threads && threads->size() > 1 && items > 1 && work >= kMinParallelWork)
    threads->parallelFor(items, &AttentionJob<T>::runRange, &job);
  else
    job.run(0, items);
}

Status attentionRun(const KernelCall &call, ThreadPool *threads) {
  const TensorView &q = call.inputs[0], &k = call.inputs[1];
  const int32_t pos = *call.inputs[3].as<int32_t>();
  if (Status s = checkRowRange(kAttention, pos, q.dims[0], k.dims[0]); !s)
    return s;
  if (q.dtype == DType::F32)
    attend<float>(call, pos, threads);
  else
    attend<double>(call, pos, threads);
  return Status::success();
}

} // namespace

void registerAttentionKernels(KernelEntries &t) {
  t[opIndex(OpKind::CacheWrite)] = {cacheWriteCheck, cacheWriteRun};
  t[opIndex(OpKind::Attention)] = {attentionCheck, attentionRun};
}

} // namespace thymos::rt
