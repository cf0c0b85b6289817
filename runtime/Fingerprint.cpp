//===- Fingerprint.cpp - A fast 64-bit checksum of weight data --------------===//

#include "runtime/Fingerprint.h"

#include <cstring>
#include <vector>

namespace thymos::rt {

namespace {

constexpr uint64_t kPrime1 = 0x9E3779B185EBCA87ull;
constexpr uint64_t kPrime2 = 0xC2B2AE3D27D4EB4Full;
constexpr uint64_t kPrime3 = 0x165667B19E3779F9ull;

uint64_t rotl(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }

uint64_t load64(const unsigned char *p) {
  uint64_t v;
  std::memcpy(&v, p, sizeof v); // unaligned-safe; the file format is little-endian
  return v;
}

uint64_t round(uint64_t acc, uint64_t word) { return rotl(acc + word * kPrime2, 31) * kPrime1; }

/// Spreads every input bit over the whole result.
uint64_t avalanche(uint64_t h) {
  h ^= h >> 33;
  h *= kPrime2;
  h ^= h >> 29;
  h *= kPrime3;
  h ^= h >> 32;
  return h;
}

} // namespace

uint64_t fingerprint64(const void *data, size_t bytes) {
  const auto *p = static_cast<const unsigned char *>(data);
  const unsigned char *end = p + bytes;
  uint64_t lanes[4] = {kPrime1 + kPrime2, kPrime2, 0, 0 - kPrime1};
  for (; end - p >= 32; p += 32)
    for (int k = 0; k < 4; ++k)
      lanes[k] = round(lanes[k], load64(p + 8 * k));
  uint64_t h = rotl(lanes[0], 1) + rotl(lanes[1], 7) + rotl(lanes[2], 12) + rotl(lanes[3], 18);
  h += static_cast<uint64_t>(bytes) * kPrime3;
  for (; end - p >= 8; p += 8)
    h = rotl(h ^ round(0, load64(p)), 27) * kPrime1 + kPrime3;
  for (; p < end; ++p)
    h = rotl(h ^ (*p * kPrime3), 11) * kPrime1;
  return avalanche(h);
}

uint64_t sampledFingerprint(const unsigned char *file, uint64_t fileBytes, uint64_t dataOffset) {
  if (dataOffset >= fileBytes)
    return fingerprint64(file, 0);
  const uint64_t region = fileBytes - dataOffset;
  if (region <= 2 * kSampleWindows * kSampleWindowBytes)
    return fingerprint64(file + dataOffset, region);
  std::vector<unsigned char> windows(kSampleWindows * kSampleWindowBytes);
  const uint64_t last = region - kSampleWindowBytes;
  for (uint64_t k = 0; k < kSampleWindows; ++k) {
    const uint64_t at = dataOffset + last / (kSampleWindows - 1) * k +
                        (k == kSampleWindows - 1 ? last % (kSampleWindows - 1) : 0);
    std::memcpy(windows.data() + k * kSampleWindowBytes, file + at, kSampleWindowBytes);
  }
  return fingerprint64(windows.data(), windows.size());
}

} // namespace thymos::rt
