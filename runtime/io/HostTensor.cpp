//===- HostTensor.cpp - Checked allocation of owning tensors ----------------===//
//
// Shapes come from untrusted files, so every size is computed with checked
// arithmetic before anything is allocated, and a size the machine cannot hold
// is an error rather than an exception or an out-of-memory kill.
//
//===----------------------------------------------------------------------===//
#include "runtime/io/HostTensor.h"

#include "runtime/CheckedSize.h"

#include <limits>
#include <new>
#include <string>
#include <unistd.h>

namespace thymos::rt {

bool denseByteSize(DType dtype, uint32_t rank, const int64_t *dims,
                   size_t &bytes) {
  uint32_t elemBytes = elementBytes(dtype);
  if (elemBytes == 0 || rank > kMaxRank)
    return false;
  int64_t elements = 0, total = 0;
  if (!checkedElementCount(dims, rank, elements) ||
      !checkedMul<int64_t>(elements, elemBytes, total))
    return false;
  if (static_cast<uint64_t>(total) > std::numeric_limits<size_t>::max())
    return false;
  bytes = static_cast<size_t>(total);
  return true;
}

uint64_t physicalMemoryBytes() {
  long pages = sysconf(_SC_PHYS_PAGES), pageSize = sysconf(_SC_PAGESIZE);
  uint64_t bytes;
  if (pages <= 0 || pageSize <= 0 ||
      !checkedMul<uint64_t>(uint64_t(pages), uint64_t(pageSize), bytes))
    return std::numeric_limits<uint64_t>::max(); // unknown: no limit
  return bytes;
}

Status HostTensor::create(DType dtype, uint32_t rank, const int64_t *dims,
                          HostTensor &out) {
  size_t bytes = 0;
  if (!denseByteSize(dtype, rank, dims, bytes))
    return Status::error("tensor of rank " + std::to_string(rank) +
                         " has no representable dense size");
  // Zero-filling touches every page: a size beyond the machine's memory
  // would end in the kernel's out-of-memory killer, not in a failed
  // allocation, so it is refused up front.
  uint64_t physical = physicalMemoryBytes();
  if (bytes > physical)
    return Status::error("tensor needs " + std::to_string(bytes) +
                         " bytes, more than this machine's " + std::to_string(physical) +
                         " bytes of memory");
  HostTensor t;
  try {
    t.bytes.assign(bytes, 0);
  } catch (const std::bad_alloc &) {
    return Status::error("cannot allocate " + std::to_string(bytes) + " bytes for a tensor");
  }
  t.view.data = t.bytes.data();
  t.view.dtype = dtype;
  t.view.rank = rank;
  for (uint32_t i = 0; i < rank; ++i)
    t.view.dims[i] = dims[i];
  out = std::move(t);
  return Status::success();
}

} // namespace thymos::rt
