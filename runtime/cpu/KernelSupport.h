//===- KernelSupport.h - Shared validation and indexing for CPU kernels -----===//
//
// Every check() starts from the same facts: the plan is untrusted, so each
// view's rank, dims, element count and dtype are validated before any kernel
// reasons about shapes. The helpers here keep those checks (and the one-line
// error messages they produce) identical across kernels. Only check() and
// error paths allocate; the indexing helpers used by run() work on fixed
// arrays bounded by kMaxRank.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "runtime/cpu/Kernels.h"

#include <cstdint>
#include <cstring>
#include <string>

namespace thymos::rt {

//===----------------------------------------------------------------------===//
// Registration: each kernel file fills in its ops' entries.
//===----------------------------------------------------------------------===//

using KernelEntries = CpuKernel[kNumOpKinds];

void registerElementwiseKernels(KernelEntries &entries);
void registerCastKernels(KernelEntries &entries);
void registerReduceKernels(KernelEntries &entries);
void registerNormKernels(KernelEntries &entries);
void registerMatMulKernels(KernelEntries &entries);
void registerLinalgKernels(KernelEntries &entries);
void registerMovementKernels(KernelEntries &entries);
void registerFusedKernels(KernelEntries &entries);
void registerRopeKernels(KernelEntries &entries);
void registerAttentionKernels(KernelEntries &entries);

inline unsigned opIndex(OpKind op) { return static_cast<unsigned>(op); }

//===----------------------------------------------------------------------===//
// Messages
//===----------------------------------------------------------------------===//

const char *dtypeName(DType dtype);
/// "[2,3,4]"; "[]" for a scalar.
std::string shapeStr(const TensorView &t);
/// "op: message" as an error Status.
Status kernelError(const char *op, const std::string &message);

//===----------------------------------------------------------------------===//
// Validation (check() only)
//===----------------------------------------------------------------------===//

/// The largest element count a view may have: its byte size must fit in an
/// int64_t with room to spare for offset arithmetic.
inline constexpr int64_t kMaxElements = int64_t(1) << 58;

inline bool isPlainDType(DType d) { return elementBytes(d) != 0; }
inline bool isFloatDType(DType d) {
  return d == DType::F64 || d == DType::F32 || d == DType::F16 || d == DType::BF16;
}

/// Input count and params count must be exactly as given.
Status checkArity(const KernelCall &call, const char *op, uint32_t numInputs,
                  uint32_t numParams);
/// Rank <= kMaxRank, every dim > 0, element count <= kMaxElements, a known
/// dtype. `what` names the view in messages ("lhs", "input #2", "result").
Status checkView(const char *op, const char *what, const TensorView &t);
/// checkView for every input and the output.
Status checkAllViews(const KernelCall &call, const char *op);
/// Rejects block-quantized dtypes (not supported by the CPU kernels yet) and
/// any dtype not in `allowed` (a bit per DType value).
Status checkDType(const char *op, const char *what, DType dtype, uint32_t allowed);
inline constexpr uint32_t dtypeBit(DType d) { return 1u << static_cast<unsigned>(d); }
inline constexpr uint32_t kFloat32And64 = dtypeBit(DType::F32) | dtypeBit(DType::F64);
inline constexpr uint32_t kPlainDTypes = dtypeBit(DType::F64) | dtypeBit(DType::F32) |
                                         dtypeBit(DType::F16) | dtypeBit(DType::BF16) |
                                         dtypeBit(DType::I32) | dtypeBit(DType::I8);
/// Same rank and dims.
bool sameShape(const TensorView &a, const TensorView &b);
/// The NumPy broadcast of a and b into `out` (rank and dims); false when the
/// shapes do not broadcast.
bool broadcastShape(const TensorView &a, const TensorView &b, TensorView &out);
/// Whether `from` broadcasts to exactly `to`'s shape.
bool broadcastsTo(const TensorView &from, const TensorView &to);

//===----------------------------------------------------------------------===//
// Indexing (run())
//===----------------------------------------------------------------------===//

/// Row-major element strides of `t`.
inline void rowMajorStrides(const TensorView &t, int64_t strides[kMaxRank]) {
  int64_t s = 1;
  for (uint32_t i = t.rank; i-- > 0;) {
    strides[i] = s;
    s *= t.dims[i];
  }
}

/// Strides that read `in` as if it had `out`'s shape under NumPy broadcasting:
/// dims are aligned from the right, and a dim of 1 (or a missing leading dim)
/// gets stride 0 so every output index along it reads the same element.
inline void broadcastStrides(const TensorView &in, const TensorView &out,
                             int64_t strides[kMaxRank]) {
  int64_t inStrides[kMaxRank];
  rowMajorStrides(in, inStrides);
  uint32_t lead = out.rank - in.rank;
  for (uint32_t i = 0; i < out.rank; ++i) {
    if (i < lead || in.dims[i - lead] == 1)
      strides[i] = 0;
    else
      strides[i] = inStrides[i - lead];
  }
}

/// Advances a row-major multi-index over dims[0..rank) by one step, skipping
/// the innermost `skipInner` dims (a caller loops over those itself), and
/// keeps `offset` (a linear position under `strides`) in step. Returns false
/// after the last index.
inline bool nextIndex(int64_t index[kMaxRank], const int64_t *dims, uint32_t rank,
                      uint32_t skipInner, const int64_t *strides, int64_t &offset) {
  for (uint32_t d = rank - skipInner; d-- > 0;) {
    if (++index[d] < dims[d]) {
      offset += strides[d];
      return true;
    }
    offset -= strides[d] * (dims[d] - 1);
    index[d] = 0;
  }
  return false;
}

/// Two offsets advanced together (binary broadcasting, movement ops).
inline bool nextIndex2(int64_t index[kMaxRank], const int64_t *dims, uint32_t rank,
                       uint32_t skipInner, const int64_t *stridesA, int64_t &offsetA,
                       const int64_t *stridesB, int64_t &offsetB) {
  for (uint32_t d = rank - skipInner; d-- > 0;) {
    if (++index[d] < dims[d]) {
      offsetA += stridesA[d];
      offsetB += stridesB[d];
      return true;
    }
    offsetA -= stridesA[d] * (dims[d] - 1);
    offsetB -= stridesB[d] * (dims[d] - 1);
    index[d] = 0;
  }
  return false;
}

/// Reads a double stored as its IEEE-754 bit pattern in an int64 param.
inline double paramAsDouble(int64_t bits) {
  double v;
  std::memcpy(&v, &bits, sizeof v);
  return v;
}

} // namespace thymos::rt
