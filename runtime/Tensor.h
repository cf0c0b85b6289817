//===- Tensor.h - A typed view of tensor memory -----------------------------===//
//
// The runtime's element types and op codes are the ones generated from
// ir/Ops.td (plain enums, no LLVM), so compiler and runtime cannot disagree.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "runtime/CheckedSize.h"
#include "runtime/PlanFormat.h"

#include <cstdint>

namespace thymos::rt {

#include "ir/DTypes.h.inc"
#include "ir/OpKinds.h.inc"
#include "ir/OpTraits.h.inc"

using plan::kMaxRank;

/// Bytes per element of the plain types; 0 for block-quantized ones.
inline uint32_t elementBytes(DType dtype) {
  const DTypeLayout &layout = kDTypeLayouts[static_cast<unsigned>(dtype)];
  return layout.blockElems == 1 ? layout.blockBytes : 0;
}

inline const char *dtypeKindName(DType dtype) {
  unsigned index = static_cast<unsigned>(dtype);
  return index < kNumDTypes ? kDTypeLayouts[index].name : "(unknown dtype)";
}

/// Storage bytes of a tensor of `dtype` and `dims` (whole blocks for
/// quantized types); false on overflow, a non-positive dim, or a partial block.
inline bool storageBytes(DType dtype, const int64_t *dims, uint32_t rank, uint64_t &bytes) {
  const DTypeLayout &layout = kDTypeLayouts[static_cast<unsigned>(dtype)];
  uint64_t elems = 1;
  for (uint32_t i = 0; i < rank; ++i) {
    if (dims[i] <= 0 || !checkedMul(elems, static_cast<uint64_t>(dims[i]), elems))
      return false;
  }
  if (layout.blockElems > 1 && (rank == 0 || dims[rank - 1] % layout.blockElems != 0))
    return false;
  return checkedMul<uint64_t>(elems / layout.blockElems, layout.blockBytes, bytes);
}

/// A tensor's memory and type; row-major, densely packed. Does not own `data`.
/// How a tensor's bytes are arranged: as the plan says, or, in a matmul
/// step's own view of a Q4_0, Q8_0 or Q4_K weight the CPU backend repacked
/// when it bound the step, in quant::packQ4_0Groups() / packQ8_0Groups() /
/// packQ4_KRows4() order.
enum class Layout : uint8_t { Plan, Q4_0Groups, Q8_0Groups, Q4_KRows4 };

struct TensorView {
  void *data = nullptr;
  DType dtype = DType::F32;
  uint32_t rank = 0;
  int64_t dims[kMaxRank] = {};
  Layout layout = Layout::Plan;

  int64_t numElements() const {
    int64_t n = 1;
    for (uint32_t i = 0; i < rank; ++i)
      n *= dims[i];
    return n;
  }
  template <typename T> T *as() const { return static_cast<T *>(data); }
};

} // namespace thymos::rt
