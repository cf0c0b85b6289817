//===- TensorType.h - A statically shaped tensor type ----------------------===//
//
// `f32[64,4]`: an element type and a row-major shape. A rank-0 type (`f32[]`)
// is a scalar. Types are values; compare them with ==.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "ir/DType.h"
#include "runtime/PlanFormat.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"

#include <optional>
#include <string>

namespace thymos::ir {

/// Limits that keep shapes from untrusted text within what can be planned;
/// the rank is the plan format's.
inline constexpr unsigned kMaxRank = plan::kMaxRank;
inline constexpr int64_t kMaxDim = int64_t(1) << 40;

class TensorType {
public:
  TensorType() = default;
  TensorType(DType dtype, llvm::ArrayRef<int64_t> dims)
      : dtype_(dtype), dims_(dims.begin(), dims.end()) {}

  DType dtype() const { return dtype_; }
  llvm::ArrayRef<int64_t> dims() const { return dims_; }
  unsigned rank() const { return static_cast<unsigned>(dims_.size()); }
  int64_t dim(unsigned i) const { return dims_[i]; }

  /// The number of elements, or nullopt when the product overflows int64.
  std::optional<int64_t> numElements() const;
  /// Storage size in bytes (quantized types count whole blocks), or nullopt on
  /// overflow or when the innermost dimension is not a whole number of blocks.
  std::optional<int64_t> storageBytes() const;

  /// Empty when the type is well-formed, else why not ("dimension 1 is 0 ...").
  std::string wellFormedError() const;

  TensorType withDims(llvm::ArrayRef<int64_t> dims) const { return {dtype_, dims}; }
  TensorType withDType(DType dtype) const { return {dtype, dims_}; }

  /// `f32[64,4]`.
  std::string str() const;

  friend bool operator==(const TensorType &a, const TensorType &b) {
    return a.dtype_ == b.dtype_ && a.dims_ == b.dims_;
  }
  friend bool operator!=(const TensorType &a, const TensorType &b) { return !(a == b); }

private:
  DType dtype_ = DType::F32;
  llvm::SmallVector<int64_t, 4> dims_;
};

/// `(f32[2], i32[])`, for diagnostics about lists of types.
std::string typeListStr(llvm::ArrayRef<TensorType> types);

} // namespace thymos::ir
