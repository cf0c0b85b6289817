//===- PlanModel.h - A plan in memory, before it is written --------------------===//
//
// The lowering fills this with the records of runtime/PlanFormat.h; the
// writer lays them out as plan.bin and the text printer shows them.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "runtime/PlanFormat.h"

#include <cstdint>
#include <string>
#include <vector>

namespace thymos::codegen {

struct PlanModel {
  std::string strings;
  std::vector<plan::TensorRecord> tensors;
  std::vector<plan::StepRecord> steps;
  std::vector<uint32_t> indices;
  std::vector<int64_t> params;
  std::vector<plan::EntryRecord> entries;
  std::vector<unsigned char> constants; // each tensor's data 64-byte aligned
  std::vector<plan::WeightFileRecord> weightFiles;
  std::vector<plan::WeightRecord> weights;
  std::vector<plan::WeightCheckRecord> weightChecks; ///< one per weight file
  std::vector<plan::RegionRecord> regions; // empty: every region in host memory
  // A plan for a CUDA device (codegen/cuda/CudaPlan.h); empty otherwise.
  std::vector<plan::CudaKernelRecord> cudaKernels;
  std::vector<plan::CudaImageRecord> cudaImages;
  std::vector<unsigned char> cudaBlobs;
  uint64_t arenaBytes = 0;
  uint64_t stateBytes = 0;

  plan::StringRef32 addString(const std::string &text);
  std::string stringAt(plan::StringRef32 ref) const { return strings.substr(ref.offset, ref.length); }
  /// Appends `bytes` to the constants, aligned; returns the offset.
  uint64_t addConstantData(const std::vector<unsigned char> &bytes);
  /// The index of the weight file `path`, added on first use.
  uint32_t addWeightFile(const std::string &path);
};

} // namespace thymos::codegen
