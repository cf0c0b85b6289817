//===- Linalg.cpp - cholesky and triangular_solve ---------------------------===//
//
// Both work on stacks of matrices [..., n, n] with identical batch dims (no
// broadcasting, as the type rules require), f32 or f64. The factorization
// accumulates in double for f32 too: its error grows with the condition
// number, and an f32 running sum would spend digits the caller needs.
// A zero or negative pivot (or NaN) is a run-time error naming the matrix
// and the column; so is a zero on the diagonal of a triangular solve.
//
//===----------------------------------------------------------------------===//

#include "runtime/cpu/KernelSupport.h"

#include <cmath>

namespace thymos::rt {

namespace {

int64_t batchCount(const TensorView &t) {
  int64_t count = 1;
  for (uint32_t i = 0; i + 2 < t.rank; ++i)
    count *= t.dims[i];
  return count;
}

//===----------------------------------------------------------------------===//
// cholesky
//===----------------------------------------------------------------------===//

/// A = L·Lᵀ, column by column (Cholesky–Crout):
///   L[j][j] = sqrt(A[j][j] - sum_{p<j} L[j][p]^2)
///   L[i][j] = (A[i][j] - sum_{p<j} L[i][p]·L[j][p]) / L[j][j]   for i > j
/// Each A[i][j] is read just before L[i][j] is written to the same place, so
/// the output may alias the input. Returns the failing column, or -1.
template <typename T> int64_t choleskyMatrix(const T *a, T *l, int64_t n) {
  for (int64_t j = 0; j < n; ++j) {
    double diag = a[j * n + j];
    for (int64_t p = 0; p < j; ++p)
      diag -= static_cast<double>(l[j * n + p]) * l[j * n + p];
    if (!(diag > 0))
      return j;
    double ljj = std::sqrt(diag);
    l[j * n + j] = static_cast<T>(ljj);
    for (int64_t i = j + 1; i < n; ++i) {
      double s = a[i * n + j];
      for (int64_t p = 0; p < j; ++p)
        s -= static_cast<double>(l[i * n + p]) * l[j * n + p];
      l[i * n + j] = static_cast<T>(s / ljj);
    }
    for (int64_t i = 0; i < j; ++i) // the upper triangle is zero
      l[i * n + j] = 0;
  }
  return -1;
}

template <typename T> Status choleskyLoop(const TensorView &a, const TensorView &out) {
  int64_t n = a.dims[a.rank - 1], batches = batchCount(a);
  for (int64_t b = 0; b < batches; ++b) {
    int64_t column = choleskyMatrix(a.as<T>() + b * n * n, out.as<T>() + b * n * n, n);
    if (column >= 0)
      return Status::error("cholesky: matrix " + std::to_string(b) +
                           " is not positive definite (pivot of column " +
                           std::to_string(column) + " is not > 0)");
  }
  return Status::success();
}

Status choleskyRun(const KernelCall &call, ThreadPool *) {
  if (call.inputs[0].dtype == DType::F32)
    return choleskyLoop<float>(call.inputs[0], *call.output);
  return choleskyLoop<double>(call.inputs[0], *call.output);
}

Status checkSquare(const char *op, const char *what, const TensorView &t) {
  if (t.rank < 2 || t.dims[t.rank - 1] != t.dims[t.rank - 2])
    return kernelError(op, std::string(what) + " must be square matrices [..., n, n], got " +
                               shapeStr(t));
  return Status::success();
}

Status choleskyCheck(const KernelCall &call) {
  const char *op = "cholesky";
  if (Status s = checkArity(call, op, 1, 0); !s)
    return s;
  if (Status s = checkAllViews(call, op); !s)
    return s;
  const TensorView &a = call.inputs[0], &out = *call.output;
  if (Status s = checkDType(op, "operand", a.dtype, kFloat32And64); !s)
    return s;
  if (Status s = checkSquare(op, "operand", a); !s)
    return s;
  if (out.dtype != a.dtype || !sameShape(a, out))
    return kernelError(op, std::string("result ") + dtypeName(out.dtype) + shapeStr(out) +
                               " should have the operand's type " + dtypeName(a.dtype) +
                               shapeStr(a));
  return Status::success();
}

//===----------------------------------------------------------------------===//
// triangular_solve
//===----------------------------------------------------------------------===//

/// Solves op(A)·X = B for X (n×k), where op(A) = A or Aᵀ and only the
/// `lower` (or upper) triangle of A is read. op(A) is lower triangular when
/// lower != transpose; then rows are solved top-down (forward substitution),
/// otherwise bottom-up:
///   X[i][:] = (B[i][:] - sum_{j solved} op(A)[i][j] · X[j][:]) / op(A)[i][i]
/// Whole rows of X at a time, so the inner loop runs along contiguous k.
/// X may alias B: row i of B is read only to start row i of X. Returns the
/// row with a zero diagonal, or -1.
template <typename T>
int64_t solveMatrix(const T *a, const T *b, T *x, int64_t n, int64_t k, bool lower,
                    bool transposeA) {
  bool forward = lower != transposeA;
  for (int64_t step = 0; step < n; ++step) {
    int64_t i = forward ? step : n - 1 - step;
    T *xi = x + i * k;
    for (int64_t c = 0; c < k; ++c)
      xi[c] = b[i * k + c];
    int64_t jBegin = forward ? 0 : i + 1, jEnd = forward ? i : n;
    for (int64_t j = jBegin; j < jEnd; ++j) {
      T aij = transposeA ? a[j * n + i] : a[i * n + j];
      const T *xj = x + j * k;
      for (int64_t c = 0; c < k; ++c)
        xi[c] -= aij * xj[c];
    }
    T diag = a[i * n + i];
    if (diag == T(0))
      return i;
    for (int64_t c = 0; c < k; ++c)
      xi[c] /= diag;
  }
  return -1;
}

template <typename T> Status solveLoop(const KernelCall &call) {
  const TensorView &a = call.inputs[0], &b = call.inputs[1], &x = *call.output;
  bool lower = call.params[0] != 0, transposeA = call.params[1] != 0;
  int64_t n = a.dims[a.rank - 1], k = b.dims[b.rank - 1], batches = batchCount(a);
  for (int64_t m = 0; m < batches; ++m) {
    int64_t row = solveMatrix(a.as<T>() + m * n * n, b.as<T>() + m * n * k,
                              x.as<T>() + m * n * k, n, k, lower, transposeA);
    if (row >= 0)
      return Status::error("triangular_solve: matrix " + std::to_string(m) +
                           " is singular (diagonal entry " + std::to_string(row) +
                           " is zero)");
  }
  return Status::success();
}

Status solveRun(const KernelCall &call, ThreadPool *) {
  if (call.inputs[0].dtype == DType::F32)
    return solveLoop<float>(call);
  return solveLoop<double>(call);
}

Status solveCheck(const KernelCall &call) {
  const char *op = "triangular_solve";
  if (Status s = checkArity(call, op, 2, 2); !s)
    return s;
  if (Status s = checkAllViews(call, op); !s)
    return s;
  const TensorView &a = call.inputs[0], &b = call.inputs[1], &x = *call.output;
  if (Status s = checkDType(op, "a", a.dtype, kFloat32And64); !s)
    return s;
  if (b.dtype != a.dtype || x.dtype != a.dtype)
    return kernelError(op, std::string("element types differ (a ") + dtypeName(a.dtype) +
                               ", b " + dtypeName(b.dtype) + ", result " +
                               dtypeName(x.dtype) + ")");
  if (Status s = checkSquare(op, "a", a); !s)
    return s;
  if (b.rank != a.rank)
    return kernelError(op, "b must have a's rank " + std::to_string(a.rank) +
                               " ([..., n, k]), got " + shapeStr(b));
  for (uint32_t i = 0; i + 2 < a.rank; ++i)
    if (a.dims[i] != b.dims[i])
      return kernelError(op, "batch dimensions of a " + shapeStr(a) + " and b " +
                                 shapeStr(b) + " differ");
  int64_t n = a.dims[a.rank - 1];
  if (b.dims[b.rank - 2] != n)
    return kernelError(op, "b has " + std::to_string(b.dims[b.rank - 2]) + " rows, but a is " +
                               std::to_string(n) + "x" + std::to_string(n));
  if (!sameShape(x, b))
    return kernelError(op, "result shape " + shapeStr(x) + " should be b's " + shapeStr(b));
  for (uint32_t i = 0; i < 2; ++i)
    if (call.params[i] != 0 && call.params[i] != 1)
      return kernelError(op, std::string(i == 0 ? "lower" : "transpose_a") +
                                 " must be 0 or 1, got " + std::to_string(call.params[i]));
  return Status::success();
}

} // namespace

void registerLinalgKernels(KernelEntries &t) {
  t[opIndex(OpKind::Cholesky)] = {choleskyCheck, choleskyRun};
  t[opIndex(OpKind::TriangularSolve)] = {solveCheck, solveRun};
}

} // namespace thymos::rt
