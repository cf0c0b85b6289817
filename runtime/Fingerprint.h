//===- Fingerprint.h - A fast 64-bit checksum of weight data ----------------===//
//
// Plans that reference weights in a GGUF file record each tensor's size and
// this checksum; the runtime recomputes it when it maps the file, so a file
// replaced or edited since compilation is refused instead of computing
// garbage. It detects accidents, not attacks: it is not a cryptographic hash.
// Four independent multiply-rotate lanes over 8-byte words keep it at memory
// speed (weights are hashed once per load, and models are large).
//
//===----------------------------------------------------------------------===//
#pragma once

#include <cstddef>
#include <cstdint>

namespace thymos::rt {

uint64_t fingerprint64(const void *data, size_t bytes);

} // namespace thymos::rt
