//===- Norm.cpp - rmsnorm and layernorm over the last axis ------------------===//
//
// Both normalise each row of the last axis and scale by a per-column weight
// (layernorm also shifts by a bias). Row statistics accumulate in double even
// for f32 input: with a few thousand columns an f32 sum of squares already
// loses digits that the normalised output would show.
//
//===----------------------------------------------------------------------===//

#include "runtime/cpu/KernelSupport.h"

#include <cmath>

namespace thymos::rt {

namespace {

/// y = x / sqrt(mean(x^2) + eps) * w, per row of length n.
template <typename T>
void rmsnormRows(const T *x, const T *w, T *y, int64_t rows, int64_t n, double eps) {
  for (int64_t r = 0; r < rows; ++r, x += n, y += n) {
    double sumSquares = 0;
    for (int64_t i = 0; i < n; ++i)
      sumSquares += static_cast<double>(x[i]) * x[i];
    double scale = 1.0 / std::sqrt(sumSquares / static_cast<double>(n) + eps);
    for (int64_t i = 0; i < n; ++i)
      y[i] = static_cast<T>(x[i] * scale * w[i]);
  }
}

/// The f32 rows round as ggml's CPU rms_norm followed by its mul by the
/// weight (ggml-cpu/ops.cpp, ggml_compute_forward_rms_norm_f32): each square
/// is an f32 product, the squares sum in double in index order, the mean and
/// scale = 1 / sqrtf(mean + eps) are f32, and y = (x * scale) * w in f32.
/// The sum keeps its double accumulator (the digits the header speaks of);
/// the rest is f32 so that a model's activations match llama.cpp's bit for
/// bit. That matters more than it seems: a matmul with Q8_0/Q4_0 weights
/// quantizes these activations to int8, and rows that lie on a lattice (a
/// Q4_0 token embedding under unit norm weights puts many elements exactly
/// half-way between two int8 steps) round either way on a one-ulp change.
template <>
void rmsnormRows<float>(const float *x, const float *w, float *y, int64_t rows, int64_t n,
                        double eps) {
  const auto epsF = static_cast<float>(eps);
  for (int64_t r = 0; r < rows; ++r, x += n, y += n) {
    double sumSquares = 0;
    for (int64_t i = 0; i < n; ++i) {
      const float square = x[i] * x[i];
      sumSquares += static_cast<double>(square);
    }
    const auto mean = static_cast<float>(sumSquares / static_cast<double>(n));
    const float scale = 1.0f / std::sqrt(mean + epsF);
    for (int64_t i = 0; i < n; ++i) {
      const float normalized = x[i] * scale;
      y[i] = normalized * w[i];
    }
  }
}

/// y = (x - mean) / sqrt(var + eps) * w + b, per row of length n, with the
/// population variance var = mean((x - mean)^2) (two passes: the one-pass
/// E[x^2] - E[x]^2 cancels badly when the mean is large).
template <typename T>
void layernormRows(const T *x, const T *w, const T *b, T *y, int64_t rows, int64_t n,
                   double eps) {
  for (int64_t r = 0; r < rows; ++r, x += n, y += n) {
    double sum = 0;
    for (int64_t i = 0; i < n; ++i)
      sum += x[i];
    double mean = sum / static_cast<double>(n);
    double sumSquares = 0;
    for (int64_t i = 0; i < n; ++i) {
      double d = x[i] - mean;
      sumSquares += d * d;
    }
    double scale = 1.0 / std::sqrt(sumSquares / static_cast<double>(n) + eps);
    for (int64_t i = 0; i < n; ++i)
      y[i] = static_cast<T>((x[i] - mean) * scale * w[i] + b[i]);
  }
}

template <bool Layer> Status normRun(const KernelCall &call, ThreadPool *) {
  const TensorView &x = call.inputs[0], &y = *call.output;
  int64_t n = x.dims[x.rank - 1], rows = x.numElements() / n;
  double eps = paramAsDouble(call.params[0]);
  if (x.dtype == DType::F32) {
    const float *w = call.inputs[1].as<float>();
    if constexpr (Layer)
      layernormRows(x.as<float>(), w, call.inputs[2].as<float>(), y.as<float>(), rows, n, eps);
    else
      rmsnormRows(x.as<float>(), w, y.as<float>(), rows, n, eps);
  } else {
    const double *w = call.inputs[1].as<double>();
    if constexpr (Layer)
      layernormRows(x.as<double>(), w, call.inputs[2].as<double>(), y.as<double>(), rows, n,
                    eps);
    else
      rmsnormRows(x.as<double>(), w, y.as<double>(), rows, n, eps);
  }
  return Status::success();
}

template <bool Layer> Status normCheck(const KernelCall &call) {
  const char *op = Layer ? "layernorm" : "rmsnorm";
  if (Status s = checkArity(call, op, Layer ? 3 : 2, 1); !s)
    return s;
  if (Status s = checkAllViews(call, op); !s)
    return s;
  const TensorView &x = call.inputs[0], &y = *call.output;
  if (Status s = checkDType(op, "x", x.dtype, kFloat32And64); !s)
    return s;
  if (x.rank == 0)
    return kernelError(op, "x must have rank >= 1");
  const char *names[] = {"x", "weight", "bias"};
  for (uint32_t i = 1; i < call.numInputs; ++i) {
    const TensorView &p = call.inputs[i];
    if (p.dtype != x.dtype || p.rank != 1 || p.dims[0] != x.dims[x.rank - 1])
      return kernelError(op, std::string(names[i]) + " must be " + dtypeName(x.dtype) + "[" +
                                 std::to_string(x.dims[x.rank - 1]) +
                                 "] (x's element type and last dimension), got " +
                                 dtypeName(p.dtype) + shapeStr(p));
  }
  if (y.dtype != x.dtype || !sameShape(x, y))
    return kernelError(op, std::string("result ") + dtypeName(y.dtype) + shapeStr(y) +
                               " should have x's type " + dtypeName(x.dtype) + shapeStr(x));
  double eps = paramAsDouble(call.params[0]);
  if (!(eps >= 0.0) || std::isinf(eps))
    return kernelError(op, "epsilon must be a finite number >= 0, got " + std::to_string(eps));
  return Status::success();
}

} // namespace

void registerNormKernels(KernelEntries &t) {
  t[opIndex(OpKind::RmsNorm)] = {normCheck<false>, normRun<false>};
  t[opIndex(OpKind::LayerNorm)] = {normCheck<true>, normRun<true>};
}

} // namespace thymos::rt
