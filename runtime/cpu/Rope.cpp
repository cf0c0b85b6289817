//===- Rope.cpp - rotary position embedding ---------------------------------===//
//
// y[t, h, 2i], y[t, h, 2i+1] = x[t, h, 2i], x[t, h, 2i+1] rotated by
// θ = pos[t] · freq_base^(-2i / rotary_dims), for i < rotary_dims / 2; the
// rest of each head's vector is copied (ir/Ops.td, `rope`: llama.cpp's normal
// mode). rope_scaled divides each pair's frequency by its factor (Llama 3.1's
// rope_freqs.weight). The angle and its cosine and sine are computed in double once per
// (token, pair) and shared by every head; the frequencies once per pair, on
// the stack, so run() allocates nothing. Both elements of a pair are read before either is written, which
// makes writing the result over x safe (InPlaceSafe).
//
//===----------------------------------------------------------------------===//

#include "runtime/cpu/KernelSupport.h"

#include <algorithm>
#include <cmath>

namespace thymos::rt {

namespace {

const char *const kOp = "rope";

/// Pairs whose frequencies are computed together (on the stack).
constexpr int64_t kPairsPerPass = 64;

template <typename T>
void ropeRows(const T *x, const int32_t *pos, T *y, int64_t tokens, int64_t heads,
              int64_t headDim, int64_t rotaryDims, double freqBase, const float *factors) {
  const int64_t tokenStride = heads * headDim;
  // The frequencies do not depend on the token: pow() once per pair and
  // call, not once per pair and token (it was most of a prefill's rope).
  double freq[kPairsPerPass];
  for (int64_t i0 = 0; i0 < rotaryDims / 2; i0 += kPairsPerPass) {
    const int64_t pairs = std::min(kPairsPerPass, rotaryDims / 2 - i0);
    for (int64_t i = 0; i < pairs; ++i) {
      freq[i] = std::pow(freqBase, -2.0 * static_cast<double>(i0 + i) /
                                       static_cast<double>(rotaryDims));
      if (factors)
        freq[i] /= static_cast<double>(factors[i0 + i]);
    }
    for (int64_t t = 0; t < tokens; ++t) {
      const T *xt = x + t * tokenStride;
      T *yt = y + t * tokenStride;
      const double p = pos[t];
      for (int64_t i = 0; i < pairs; ++i) {
        const double theta = p * freq[i];
        const double c = std::cos(theta), s = std::sin(theta);
        for (int64_t h = 0; h < heads; ++h) {
          const int64_t k = h * headDim + 2 * (i0 + i);
          const double x0 = xt[k], x1 = xt[k + 1];
          yt[k] = static_cast<T>(x0 * c - x1 * s);
          yt[k + 1] = static_cast<T>(x0 * s + x1 * c);
        }
      }
    }
  }
  if (rotaryDims == headDim)
    return;
  for (int64_t t = 0; t < tokens; ++t)
    for (int64_t h = 0; h < heads; ++h)
      for (int64_t k = h * headDim + rotaryDims; k < (h + 1) * headDim; ++k)
        y[t * tokenStride + k] = x[t * tokenStride + k];
}

/// Checks both ops: rope (x, pos) and rope_scaled (x, pos, factors).
Status checkRotation(const KernelCall &call, const char *op, bool scaled) {
  if (Status s = checkArity(call, op, scaled ? 3 : 2, 2); !s)
    return s;
  if (Status s = checkAllViews(call, op); !s)
    return s;
  const TensorView &x = call.inputs[0], &pos = call.inputs[1], &y = *call.output;
  if (Status s = checkDType(op, "x", x.dtype, kFloat32And64); !s)
    return s;
  if (x.rank != 3)
    return kernelError(op, "x must have rank 3 (tokens, heads, head dimension), got " +
                                std::string(dtypeName(x.dtype)) + shapeStr(x));
  if (pos.dtype != DType::I32 || pos.rank != 1 || pos.dims[0] != x.dims[0])
    return kernelError(op, "pos must be i32[" + std::to_string(x.dims[0]) +
                                "] (one position per token of x), got " +
                                dtypeName(pos.dtype) + shapeStr(pos));
  if (y.dtype != x.dtype || !sameShape(x, y))
    return kernelError(op, std::string("result ") + dtypeName(y.dtype) + shapeStr(y) +
                                " should have x's type " + dtypeName(x.dtype) + shapeStr(x));
  double freqBase = paramAsDouble(call.params[0]);
  if (!(freqBase > 0.0) || std::isinf(freqBase))
    return kernelError(op, "freq_base must be a finite number > 0, got " +
                                std::to_string(freqBase));
  int64_t rotaryDims = call.params[1], headDim = x.dims[2];
  if (rotaryDims <= 0 || rotaryDims % 2 != 0 || rotaryDims > headDim)
    return kernelError(op, "rotary_dims must be even and in 2.." + std::to_string(headDim) +
                                " (the head dimension), got " + std::to_string(rotaryDims));
  if (scaled) {
    const TensorView &factors = call.inputs[2];
    if (factors.dtype != DType::F32 || factors.rank != 1 || factors.dims[0] != rotaryDims / 2)
      return kernelError(op, "factors must be f32[" + std::to_string(rotaryDims / 2) +
                                  "] (one per rotated pair), got " + dtypeName(factors.dtype) +
                                  shapeStr(factors));
  }
  return Status::success();
}

Status ropeCheck(const KernelCall &call) { return checkRotation(call, kOp, false); }
Status ropeScaledCheck(const KernelCall &call) {
  return checkRotation(call, "rope_scaled", true);
}

/// Runs either op: `factors` is null for rope.
Status rotate(const KernelCall &call, const float *factors) {
  const TensorView &x = call.inputs[0], &pos = call.inputs[1], &y = *call.output;
  const int64_t tokens = x.dims[0], heads = x.dims[1], headDim = x.dims[2];
  const int64_t rotaryDims = call.params[1];
  const double freqBase = paramAsDouble(call.params[0]);
  const int32_t *p = pos.as<int32_t>();
  // Positions are run-time data: all are checked before anything is written.
  for (int64_t t = 0; t < tokens; ++t)
    if (p[t] < 0)
      return Status::error(std::string(factors ? "rope_scaled" : kOp) + ": position " +
                           std::to_string(p[t]) + " of token " +
                           std::to_string(t) + " is negative");
  // The factors are data (a weight from the model file): checked here too.
  for (int64_t i = 0; factors && i < rotaryDims / 2; ++i)
    if (!(factors[i] > 0.0f) || std::isinf(factors[i]))
      return Status::error("rope_scaled: factor " + std::to_string(i) + " is " +
                           std::to_string(factors[i]) + ", not a finite number > 0");
  if (x.dtype == DType::F32)
    ropeRows(x.as<float>(), p, y.as<float>(), tokens, heads, headDim, rotaryDims, freqBase,
             factors);
  else
    ropeRows(x.as<double>(), p, y.as<double>(), tokens, heads, headDim, rotaryDims, freqBase,
             factors);
  return Status::success();
}

Status ropeRun(const KernelCall &call, ThreadPool *) { return rotate(call, nullptr); }
Status ropeScaledRun(const KernelCall &call, ThreadPool *) {
  return rotate(call, call.inputs[2].as<float>());
}

} // namespace

void registerRopeKernels(KernelEntries &t) {
  t[opIndex(OpKind::Rope)] = {ropeCheck, ropeRun};
  t[opIndex(OpKind::RopeScaled)] = {ropeScaledCheck, ropeScaledRun};
}

} // namespace thymos::rt
