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
// f16 and q8_0 caches (rows written from f32) are read as the values they
// store: a chunk's rows of one key/value head are expanded to f32 on the
// stack, in chunks small enough for a 64 KiB buffer per cache, and go
// through the same loops as an f32 cache's.
//
// A work item is one token and up to kHeadsTogether query heads of one
// key/value head (grouped-query attention): each key and value row is read
// once for all of them. The keys are taken in chunks of kKeysPerChunk: all
// of a chunk's scores first (independent dot products, so the vector units
// are busy instead of waiting on one sum), then each head's running maximum
// is raised once per chunk and the chunk's weights are added. The loops
// inside a chunk are AttentionMath's, chosen per CPU; their orders of
// addition differ from a plain loop by binary64 rounding only, far below the
// f32 result's, and do not depend on how the heads are grouped.
//
//===----------------------------------------------------------------------===//

#include "runtime/PlanFormat.h"
#include "runtime/cpu/AttentionMath.h"
#include "runtime/cpu/KernelSupport.h"
#include "runtime/cpu/ThreadPool.h"
#include "runtime/quant/Quant.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <type_traits>


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

/// f16 and q8_0 caches hold rows computed in f32.
bool storedFromF32(DType cache) { return cache == DType::F16 || cache == DType::Q8_0; }

/// Bytes of one row of `elements` elements of a cache of `type`.
size_t cacheRowBytes(DType type, int64_t elements) {
  if (type == DType::Q8_0)
    return static_cast<size_t>(elements / quant::kBlockElems) * quant::kQ8_0BlockBytes;
  return static_cast<size_t>(elements) * elementBytes(type);
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
  if (Status s = checkDType(kWrite, "cache", cache.dtype,
                            kFloat32And64 | dtypeBit(DType::F16) | dtypeBit(DType::Q8_0));
      !s)
    return s;
  if (cache.rank == 0)
    return kernelError(kWrite, "cache must have rank >= 1, got a scalar");
  if (cache.dtype == DType::Q8_0 && cache.dims[cache.rank - 1] % quant::kBlockElems != 0)
    return kernelError(kWrite, "a q8_0 cache's last dimension must be whole blocks of 32, got " +
                                   shapeStr(cache));
  const DType rowType = storedFromF32(cache.dtype) ? DType::F32 : cache.dtype;
  bool rowsFit = rows.dtype == rowType && rows.rank == cache.rank &&
                 rows.dims[0] <= cache.dims[0];
  for (uint32_t d = 1; rowsFit && d < cache.rank; ++d)
    rowsFit = rows.dims[d] == cache.dims[d];
  if (!rowsFit)
    return kernelError(kWrite, std::string("rows ") + dtypeName(rows.dtype) + shapeStr(rows) +
                                   " must have the trailing dimensions of cache " +
                                   dtypeName(cache.dtype) + shapeStr(cache) +
                                   ", at most its rows, and its element type (f32 for an f16 "
                                   "or q8_0 cache)");
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
  const int64_t rowElements = cache.numElements() / cache.dims[0];
  const size_t rowBytes = cacheRowBytes(cache.dtype, rowElements);
  if (y.data != cache.data)
    std::memcpy(y.data, cache.data, rowBytes * static_cast<size_t>(cache.dims[0]));
  unsigned char *to = y.as<unsigned char>() + rowBytes * static_cast<size_t>(pos);
  const int64_t elements = rows.dims[0] * rowElements;
  if (cache.dtype == DType::F16) {
    quant::floatsToHalves(rows.as<float>(), reinterpret_cast<uint16_t *>(to), elements);
  } else if (cache.dtype == DType::Q8_0) {
    // Blocks run along each row's last dimension: the rows are one run of them.
    quant::quantizeRowQ8_0(rows.as<float>(), to, elements);
  } else {
    std::memcpy(to, rows.data, rowBytes * static_cast<size_t>(rows.dims[0]));
  }
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
  const bool converted = q.dtype == DType::F32 && storedFromF32(k.dtype);
  if ((k.dtype != q.dtype && !converted) || k.rank != 3 || k.dims[2] != q.dims[2] ||
      v.dtype != k.dtype || !sameShape(v, k) ||
      (k.dtype == DType::Q8_0 && q.dims[2] % quant::kBlockElems != 0))
    return kernelError(kAttention, std::string("k and v must be caches [positions, key/value "
                                               "heads, ") +
                                       std::to_string(q.dims[2]) +
                                       "] of q's element type (f16 or q8_0, with whole blocks "
                                       "of 32, for an f32 q), got " +
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

/// The f32 values a chunk of an f16 or q8_0 cache expands to, per cache.
constexpr int64_t kExpandedFloats = 16384;

template <typename T> struct AttentionJob {
  const T *q, *k, *v;
  T *y;
  int64_t tokens, heads, kvHeads, headDim;
  int32_t pos;
  double scale;
  const attention::HeadKernels *math;
  DType cacheType; ///< T's type, or f16 / q8_0 (with T float): k and v are then that
  const unsigned char *kBytes, *vBytes;

  bool expands() const { return std::is_same_v<T, float> && cacheType != DType::F32; }

  /// Rows j0 .. j0 + n - 1 of key/value head `kvHead` of an f16 or q8_0
  /// cache, as f32 rows of headDim elements.
  void expand(const unsigned char *cache, int64_t j0, int64_t n, int64_t kvHead,
              float *out) const {
    const int64_t rowElements = kvHeads * headDim;
    const size_t rowBytes = cacheRowBytes(cacheType, rowElements);
    for (int64_t r = 0; r < n; ++r, out += headDim) {
      const unsigned char *row = cache + rowBytes * static_cast<size_t>(j0 + r);
      if (cacheType == DType::F16) {
        quant::halvesToFloats(reinterpret_cast<const uint16_t *>(row) + kvHead * headDim, out,
                              headDim);
      } else {
        const int64_t blocks = headDim / quant::kBlockElems;
        quant::dequantizeRowQ8_0(row + (kvHead * blocks) * quant::kQ8_0BlockBytes, out,
                                 headDim);
      }
    }
  }

  void widenRow(const T *from, double *to, int64_t n) const {
    if constexpr (std::is_same_v<T, float>)
      math->widenF32(from, to, n);
    else
      std::copy(from, from + n, to);
  }
  void score(const attention::Chunk<T> &c, attention::ChunkScores &scores) const {
    if constexpr (std::is_same_v<T, float>)
      math->scoreF32(c, scale, scores);
    else
      math->scoreF64(c, scale, scores);
  }
  void accumulate(const attention::Chunk<T> &c, const attention::ChunkScores &w,
                  attention::QueryRows &acc) const {
    if constexpr (std::is_same_v<T, float>)
      math->accumulateF32(c, w, acc);
    else
      math->accumulateF64(c, w, acc);
  }

  /// Query heads per work item (the last item of a group may have fewer).
  int64_t headsPerItem() const { return std::min(attention::kHeadsTogether, heads / kvHeads); }
  int64_t itemsPerToken() const {
    const int64_t group = heads / kvHeads;
    return kvHeads * ((group + headsPerItem() - 1) / headsPerItem());
  }

  /// Work item i: query token i / itemsPerToken(), and up to kHeadsTogether
  /// query heads of one key/value head, which read each of its key and
  /// value rows once for all of them.
  void run(int64_t begin, int64_t end) const {
    using namespace attention;
    QueryRows acc, qd;
    ChunkScores scores;
    // An f16 or q8_0 cache's rows, expanded (unused for f32 and f64 caches).
    constexpr int64_t kBuffer = std::is_same_v<T, float> ? kExpandedFloats : 1;
    alignas(64) float kRows[kBuffer], vRows[kBuffer];
    const int64_t step = expands() ? std::min(kKeysPerChunk, kExpandedFloats / headDim)
                                   : kKeysPerChunk;
    double maxScore[kHeadsTogether], sum[kHeadsTogether];
    const int64_t group = heads / kvHeads, perItem = headsPerItem();
    const int64_t itemsPerGroup = (group + perItem - 1) / perItem;
    const int64_t rowStride = kvHeads * headDim;
    for (int64_t i = begin; i < end; ++i) {
      const int64_t t = i / itemsPerToken(), rest = i % itemsPerToken();
      const int64_t kvHead = rest / itemsPerGroup;
      const int64_t h0 = kvHead * group + (rest % itemsPerGroup) * perItem;
      const int64_t count = std::min(perItem, (kvHead + 1) * group - h0);
      for (int64_t h = 0; h < count; ++h) {
        widenRow(q + (t * heads + h0 + h) * headDim, qd[h], headDim);
        std::fill(acc[h], acc[h] + headDim, 0.0);
        maxScore[h] = -std::numeric_limits<double>::infinity();
        sum[h] = 0.0;
      }
      const int64_t keys = int64_t(pos) + t + 1;
      for (int64_t j0 = 0; j0 < keys; j0 += step) {
        const int64_t n = std::min(step, keys - j0);
        const Chunk<T> chunk = [&]() -> Chunk<T> {
          if constexpr (std::is_same_v<T, float>)
            if (expands()) {
              expand(kBytes, j0, n, kvHead, kRows);
              expand(vBytes, j0, n, kvHead, vRows);
              return {qd, count, kRows, vRows, headDim, n, n, headDim};
            }
          const int64_t offset = j0 * rowStride + kvHead * headDim;
          return {qd, count, k + offset, v + offset, rowStride, n, keys - j0, headDim};
        }();
        score(chunk, scores);
        for (int64_t h = 0; h < count; ++h) {
          double chunkMax = -std::numeric_limits<double>::infinity();
          for (int64_t j = 0; j < chunk.keys; ++j)
            chunkMax = std::max(chunkMax, scores[h][j]);
          if (chunkMax > maxScore[h]) {
            // Rescale what was summed under the old maximum.
            const double shrink = std::exp(maxScore[h] - chunkMax);
            sum[h] *= shrink;
            for (int64_t d = 0; d < headDim; ++d)
              acc[h][d] *= shrink;
            maxScore[h] = chunkMax;
          }
          for (int64_t j = 0; j < chunk.keys; ++j)
            scores[h][j] -= maxScore[h];
          math->exps(scores[h], chunk.keys); // the weights
          for (int64_t j = 0; j < chunk.keys; ++j)
            sum[h] += scores[h][j];
        }
        accumulate(chunk, scores, acc);
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
  const TensorView &q = call.inputs[0], &k = call.inputs[1], &v = call.inputs[2];
  AttentionJob<T> job{q.as<T>(),
                      k.as<T>(),
                      v.as<T>(),
                      call.output->as<T>(),
                      q.dims[0],
                      q.dims[1],
                      k.dims[1],
                      q.dims[2],
                      pos,
                      paramAsDouble(call.params[0]),
                      &attention::headKernels(),
                      k.dtype,
                      k.as<unsigned char>(),
                      v.as<unsigned char>()};
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
