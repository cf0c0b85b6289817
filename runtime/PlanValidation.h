//===- PlanValidation.h - Checking what a plan's records mean ------------------===//
#pragma once

#include "runtime/Backend.h"
#include "runtime/Plan.h"

namespace thymos::rt {

/// Every index in range, every tensor's bytes matching its type and inside
/// its region, every entry well-formed, every step accepted by the backend
/// that addresses the plan's regions (set in `backend`), and no step's output
/// sharing bytes with an input unless the op is InPlaceSafe and the two
/// coincide. Messages name the record ("@predict step 4 (matmul): ...").
Status validatePlanRecords(const Plan &plan, uint64_t constantsBytes, const Backend *&backend);

/// The CUDA sections (PlanCudaValidation.cpp): present exactly when a region
/// is in CUDA device memory, one valid launch record per step, and images
/// inside their section with exactly one source.
Status validateCudaSections(const Plan &plan);

} // namespace thymos::rt
