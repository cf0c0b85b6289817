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

/// The fingerprint of sampled windows of a file's data region
/// [dataOffset, fileBytes): kSampleWindows windows of kSampleWindowBytes,
/// the first at the start, the last at the end, the rest evenly between;
/// the whole region when it is smaller than twice those windows. Checked at
/// every load, it reads about 256 KiB however large the model: a replaced
/// or re-quantized file is caught, an edit between the windows is not (the
/// per-weight fingerprints catch that, on request: docs/security.md).
inline constexpr uint64_t kSampleWindows = 64;
inline constexpr uint64_t kSampleWindowBytes = 4096;
uint64_t sampledFingerprint(const unsigned char *file, uint64_t fileBytes, uint64_t dataOffset);

} // namespace thymos::rt
