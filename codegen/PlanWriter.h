//===- PlanWriter.h - Laying a PlanModel out as plan.bin ------------------------===//
#pragma once

#include "codegen/PlanModel.h"

#include <vector>

namespace thymos::codegen {

/// The bytes of plan.bin: header, section table, sections at 64-byte aligned
/// offsets, each with its CRC-32, and the header checksum.
std::vector<unsigned char> writePlan(const PlanModel &model, uint32_t producerVersion);

} // namespace thymos::codegen
