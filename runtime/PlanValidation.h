//===- PlanValidation.h - Checking what a plan's records mean ------------------===//
#pragma once

#include "runtime/Plan.h"

namespace thymos::rt {

/// Every index in range, every tensor's bytes matching its type and inside
/// its region, every step accepted by its kernel's check(), every entry
/// well-formed. Messages name the record ("step 4 (matmul): ...").
Status validatePlanRecords(const Plan &plan, uint64_t constantsBytes);

} // namespace thymos::rt
