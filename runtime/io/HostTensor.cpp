//===- HostTensor.cpp - Checked allocation of owning tensors ----------------===//
//
// Shapes come from untrusted files, so every size is computed with checked
// arithmetic before anything is allocated.
//
//===----------------------------------------------------------------------===//
#include "runtime/io/HostTensor.h"

#include <limits>
#include <string>

namespace thymos::rt {

bool denseByteSize(DType dtype, uint32_t rank, const int64_t *dims,
                   size_t &bytes) {
  uint32_t elemBytes = elementBytes(dtype);
  if (elemBytes == 0 || rank > kMaxRank)
    return false;
  int64_t total = elemBytes;
  for (uint32_t i = 0; i < rank; ++i) {
    if (dims[i] < 0 || __builtin_mul_overflow(total, dims[i], &total))
      return false;
  }
  if (static_cast<uint64_t>(total) > std::numeric_limits<size_t>::max())
    return false;
  bytes = static_cast<size_t>(total);
  return true;
}

Status HostTensor::create(DType dtype, uint32_t rank, const int64_t *dims,
                          HostTensor &out) {
  size_t bytes = 0;
  if (!denseByteSize(dtype, rank, dims, bytes))
    return Status::error("tensor of rank " + std::to_string(rank) +
                         " has no representable dense size");
  HostTensor t;
  t.bytes.assign(bytes, 0);
  t.view.data = t.bytes.data();
  t.view.dtype = dtype;
  t.view.rank = rank;
  for (uint32_t i = 0; i < rank; ++i)
    t.view.dims[i] = dims[i];
  out = std::move(t);
  return Status::success();
}

} // namespace thymos::rt
