//===- HostTensor.h - A tensor that owns its memory, for file I/O -----------===//
//
// Readers hand back a HostTensor: the bytes plus a TensorView describing
// them. `view.data` always points into `bytes`, so copying or moving a
// HostTensor re-points the view at the new buffer; a default copy would leave
// it pointing into the source's memory.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "runtime/Status.h"
#include "runtime/Tensor.h"

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace thymos::rt {

struct HostTensor {
  /// Densely packed row-major elements. operator new aligns the buffer to at
  /// least 16 bytes, enough for every plain element type.
  std::vector<unsigned char> bytes;
  /// Shape and type of `bytes`; `view.data == bytes.data()`.
  TensorView view;

  HostTensor() = default;
  HostTensor(const HostTensor &other) : bytes(other.bytes), view(other.view) {
    view.data = bytes.data();
  }
  HostTensor(HostTensor &&other) noexcept
      : bytes(std::move(other.bytes)), view(other.view) {
    view.data = bytes.data();
    other.bytes.clear();
    other.view = TensorView();
  }
  HostTensor &operator=(const HostTensor &other) {
    if (this != &other) {
      bytes = other.bytes;
      view = other.view;
      view.data = bytes.data();
    }
    return *this;
  }
  HostTensor &operator=(HostTensor &&other) noexcept {
    if (this != &other) {
      bytes = std::move(other.bytes);
      view = other.view;
      view.data = bytes.data();
      other.bytes.clear();
      other.view = TensorView();
    }
    return *this;
  }

  /// A zero-filled tensor of the given type and shape. Fails (instead of
  /// allocating) on a quantized dtype, rank > kMaxRank, a negative dim, an
  /// element count or byte size that overflows, or a size beyond the
  /// machine's physical memory; an allocation failure is an error too.
  static Status create(DType dtype, uint32_t rank, const int64_t *dims,
                       HostTensor &out);
};

/// The machine's physical memory in bytes (the most any one buffer read from
/// a file may take), or UINT64_MAX where the system does not say.
uint64_t physicalMemoryBytes();

/// Bytes of a densely packed tensor of the given type and shape, computed
/// with checked arithmetic; false on overflow, a negative dim, rank > kMaxRank
/// or a dtype without a fixed element size.
bool denseByteSize(DType dtype, uint32_t rank, const int64_t *dims,
                   size_t &bytes);

} // namespace thymos::rt
