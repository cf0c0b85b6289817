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

} // namespace

llvm::Expected<TensorType> inferCacheWrite(const TypeRuleContext &ctx) {
  const TensorType &cache = ctx.domain[0], &rows = ctx.domain[1];
  if (cache.rank() == 0)
    return fail("cache must have rank >= 1 (rows first), got {}", cache.str());
  if (rows.dtype() != cache.dtype() || rows.rank() != cache.rank())
    return fail("rows must have cache's element type and rank, got {} for cache {}", rows.str(),
                cache.str());
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
  if (k.rank() != 3 || k.dtype() != q.dtype() || k.dim(2) != q.dim(2))
    return fail("k must be a cache [positions, key/value heads, {}] of q's element type, got {}",
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
