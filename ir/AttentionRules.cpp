//===- AttentionRules.cpp - Type rules of the key/value cache ops ------------===//
//
// The positions these ops work at are run-time data; the static types stay
// exact because the position is a scalar operand whose bounds the kernels
// check before writing, not a shape that changes from step to step.
//
//===----------------------------------------------------------------------===//

#include "ir/Ops.h"
#include "ir/TypeRuleSupport.h"
#include "runtime/PlanFormat.h"

#include <cmath>

namespace thymos::ir {

using namespace rules;

namespace {

/// `what` says what sits at the position: "the first row", "the first query".
llvm::Error checkPosition(const TensorType &pos, const char *what) {
  if (pos.rank() != 0)
    return fail("pos must be a scalar i32[] (the position of {}), got {}", what, pos.str());
  return llvm::Error::success();
}

/// f16 and q8_0 caches hold rows computed in f32.
bool storedFromF32(DType cache) { return cache == DType::F16 || cache == DType::Q8_0; }

} // namespace

llvm::Expected<TensorType> inferCacheWrite(const TypeRuleContext &ctx) {
  const TensorType &cache = ctx.domain[0], &rows = ctx.domain[1];
  if (cache.rank() == 0)
    return fail("cache must have rank >= 1 (rows first), got {}", cache.str());
  const DType rowType = storedFromF32(cache.dtype()) ? DType::F32 : cache.dtype();
  if (rows.dtype() != rowType || rows.rank() != cache.rank())
    return fail("rows must have cache's rank and element type ({}), got {} for cache {}",
                dtypeName(rowType), rows.str(), cache.str());
  for (unsigned d = 1; d < cache.rank(); ++d)
    if (rows.dim(d) != cache.dim(d))
      return fail("rows must match cache in every dimension after the first, got {} for "
                  "cache {}",
                  rows.str(), cache.str());
  if (rows.dim(0) > cache.dim(0))
    return fail("rows has {} rows, more than the cache's {}", rows.dim(0), cache.dim(0));
  if (llvm::Error e = checkPosition(ctx.domain[2], "the first row"))
    return e;
  return cache;
}

llvm::Expected<TensorType> inferAttention(const TypeRuleContext &ctx) {
  const TensorType &q = ctx.domain[0], &k = ctx.domain[1], &v = ctx.domain[2];
  if (q.rank() != 3)
    return fail("q must have rank 3 (tokens, heads, head dimension), got {}", q.str());
  const bool converted = q.dtype() == DType::F32 && storedFromF32(k.dtype());
  if (k.rank() != 3 || (k.dtype() != q.dtype() && !converted) || k.dim(2) != q.dim(2))
    return fail("k must be a cache [positions, key/value heads, {}] of q's element type (or f16 "
                "or q8_0 for an f32 q), got {}",
                q.dim(2), k.str());
  if (v != k)
    return fail("v must have k's type {}, got {}", k.str(), v.str());
  int64_t heads = q.dim(1), kvHeads = k.dim(1);
  if (kvHeads == 0 || heads % kvHeads != 0)
    return fail("q's {} heads must be a multiple of the cache's {} key/value heads", heads,
                kvHeads);
  if (q.dim(2) > plan::kMaxAttentionHeadDim)
    return fail("the head dimension {} is more than {}", q.dim(2), plan::kMaxAttentionHeadDim);
  if (q.dim(0) > k.dim(0))
    return fail("q has {} tokens, more than the cache's {} positions", q.dim(0), k.dim(0));
  if (llvm::Error e = checkPosition(ctx.domain[3], "the first query"))
    return e;
  double scale = AttentionAdaptor(ctx.op).scale();
  if (!std::isfinite(scale))
    return fail("scale must be a finite number, got {}", formatFloat(scale));
  return q;
}

} // namespace thymos::ir
