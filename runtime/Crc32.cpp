//===- Crc32.cpp - The section checksum of plan files -------------------------===//

#include "runtime/PlanFormat.h"

#include <array>

namespace thymos::plan {

namespace {
// Reflected polynomial 0xEDB88320, one table lookup per byte: plans are
// checksummed once at load, so this is not a hot path.
std::array<uint32_t, 256> makeTable() {
  std::array<uint32_t, 256> table{};
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t c = i;
    for (int k = 0; k < 8; ++k)
      c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    table[i] = c;
  }
  return table;
}
} // namespace

uint32_t crc32(const void *data, size_t bytes, uint32_t crc) {
  static const std::array<uint32_t, 256> table = makeTable();
  const auto *p = static_cast<const unsigned char *>(data);
  crc = ~crc;
  for (size_t i = 0; i < bytes; ++i)
    crc = table[(crc ^ p[i]) & 0xFF] ^ (crc >> 8);
  return ~crc;
}

} // namespace thymos::plan
