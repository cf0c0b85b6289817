//===- Npy.h - Reading and writing NumPy .npy files --------------------------===//
//
// The .npy format (numpy.lib.format): a magic string, a version, a header
// length, a Python dict literal {'descr': ..., 'fortran_order': ...,
// 'shape': (...)}, then the raw elements. Files are untrusted input, so the
// reader accepts exactly that format and nothing looser: versions 1.0, 2.0,
// 3.0; little-endian <f8 <f4 <f2 <i4 and i1 (as |i1 or <i1), C order, rank
// <= kMaxRank, and a data section of exactly the size the header implies.
// Every failure is a one-line message that starts with the file name:
//   "x.npy: header: expected 'fortran_order' key"
//   "x.npy: data is 40 bytes, expected 48 for <f8 (2, 3)"
//
//===----------------------------------------------------------------------===//
#pragma once

#include "runtime/Status.h"
#include "runtime/io/HostTensor.h"

#include <cstddef>
#include <string>
#include <vector>

namespace thymos::rt {

/// Reads the .npy file at `path` into `out`. The header is validated and the
/// data size checked against the file size before the data is allocated.
Status readNpy(const std::string &path, HostTensor &out);

/// Parses a complete .npy image held in memory; `name` prefixes messages.
/// Never reads outside [data, data + size).
Status parseNpy(const unsigned char *data, size_t size, const std::string &name,
                HostTensor &out);

/// Encodes `tensor` as a version 1.0 .npy image into `out`, with the header
/// padded so that the data starts at a multiple of 64 bytes, as NumPy does.
/// Fails for dtypes .npy cannot express here (bf16, quantized types).
Status encodeNpy(const TensorView &tensor, std::vector<unsigned char> &out);

/// Writes `tensor` to `path` as encodeNpy() lays it out.
Status writeNpy(const std::string &path, const TensorView &tensor);

} // namespace thymos::rt
