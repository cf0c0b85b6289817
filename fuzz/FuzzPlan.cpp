//===- FuzzPlan.cpp - Fuzz target: the plan loader and validator ------------===//
//
// Any byte string is loaded as a plan.bin. Checksums would stop almost every
// mutation at the first check, so the target first makes the header's file
// size and every CRC-32 that it can locate agree with the bytes; the mutated
// records then reach the structural and semantic validation, which is what
// an attacker who can write a plan file (and so compute CRCs) reaches too.
// A plan that loads is executed when small, on an arena and state filled
// from the input bytes: loading promises that no step can touch memory
// outside its buffers, whatever values its tensors hold.
//
//===----------------------------------------------------------------------===//
#include "FuzzSupport.h"

#include "runtime/PlanFormat.h"

#include <cstring>
#include <vector>

using namespace thymos;

namespace {

/// Rewrites fileBytes and the CRCs of `bytes` in place, as far as the
/// header and section table lie inside it.
void fixChecksums(std::vector<unsigned char> &bytes) {
  if (bytes.size() < sizeof(plan::FileHeader))
    return;
  plan::FileHeader header;
  std::memcpy(&header, bytes.data(), sizeof header);
  header.fileBytes = bytes.size();
  uint64_t tableEnd = sizeof header + uint64_t(header.sectionCount) * sizeof(plan::SectionEntry);
  if (header.sectionCount > plan::kMaxSections || tableEnd > bytes.size()) {
    std::memcpy(bytes.data(), &header, sizeof header);
    return;
  }
  for (uint32_t i = 0; i < header.sectionCount; ++i) {
    unsigned char *at = bytes.data() + sizeof header + i * sizeof(plan::SectionEntry);
    plan::SectionEntry s;
    std::memcpy(&s, at, sizeof s);
    if (s.offset <= bytes.size() && s.bytes <= bytes.size() - s.offset) {
      s.checksum = plan::crc32(bytes.data() + s.offset, s.bytes);
      std::memcpy(at, &s, sizeof s);
    }
  }
  header.headerChecksum = 0;
  std::memcpy(bytes.data(), &header, sizeof header);
  uint32_t crc = plan::crc32(bytes.data(), tableEnd);
  header.headerChecksum = crc;
  std::memcpy(bytes.data(), &header, sizeof header);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::vector<unsigned char> bytes(data, data + size);
  fixChecksums(bytes);
  std::unique_ptr<rt::Plan> plan;
  if (!rt::Plan::loadFromMemory(bytes.data(), bytes.size(), "fuzz.plan", plan))
    return 0;
  // The input doubles as the data: index tensors take arbitrary values.
  fuzz::executeIfSmall(*plan, data, size);
  return 0;
}
