//===- Plan.h - A loaded and validated plan.bin --------------------------------===//
//
// Loading validates the whole file before anything runs: header, section
// table, checksums, every index, offset, size, dtype and shape, and each
// step against its backend's checkStep() (the kernel's check() on the CPU). A plan that loads cannot make the
// runtime read or write outside its buffers. Constants stay in the mapped
// file; everything else is copied into typed arrays.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "runtime/MappedFile.h"
#include "runtime/PlanFormat.h"
#include "runtime/Status.h"
#include "runtime/Tensor.h"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace thymos::rt {

class Backend;
class MappedFile;

/// How a plan is loaded.
struct LoadOptions {
  /// Check every weight's full fingerprint (every byte of the weights read
  /// before the first run) instead of each weight file's size, header and
  /// sampled windows (docs/security.md).
  bool verifyWeights = false;
  /// For a plan loaded from memory: the directory ("" or ending in '/')
  /// that relative weight file paths resolve against (a file's plan: its
  /// own directory).
  std::string weightsDirectory;
};

class Plan {
public:
  ~Plan();

  /// Maps and validates `path`. Errors name the file and the problem.
  static Status load(const std::string &path, std::unique_ptr<Plan> &out,
                     const LoadOptions &options = {});
  /// Validates a copy of `bytes`; `name` is used in error messages.
  static Status loadFromMemory(const void *bytes, size_t size, const std::string &name,
                               std::unique_ptr<Plan> &out, const LoadOptions &options = {});
  /// Validates `bytes` in place, without copying: they must start on a
  /// 64-byte boundary and outlive the plan (the C API keeps them in its arena).
  static Status loadBorrowed(const void *bytes, size_t size, const std::string &name,
                             std::unique_ptr<Plan> &out, const LoadOptions &options = {});

  const plan::FileHeader &header() const { return header_; }
  const std::vector<plan::TensorRecord> &tensors() const { return tensors_; }
  const std::vector<plan::StepRecord> &steps() const { return steps_; }
  const std::vector<plan::EntryRecord> &entries() const { return entries_; }
  const std::vector<uint32_t> &indices() const { return indices_; }
  const std::vector<int64_t> &params() const { return params_; }
  std::string_view string(plan::StringRef32 ref) const;
  const std::string &strings() const { return strings_; }
  /// The tensor's type with a null data pointer.
  TensorView typeOf(uint32_t tensor) const;
  /// Start of the Constants section (64-byte aligned in memory).
  const unsigned char *constants() const { return constants_; }
  const std::vector<plan::WeightFileRecord> &weightFiles() const { return weightFiles_; }
  const std::vector<plan::WeightRecord> &weights() const { return weights_; }
  /// One per weight file, or none (plans that predate them): what loading
  /// checks instead of every weight's fingerprint (PlanWeights.cpp).
  const std::vector<plan::WeightCheckRecord> &weightChecks() const { return weightChecks_; }
  /// The bytes of weight `index` in its mapped file (checked at load).
  const unsigned char *weightData(uint64_t index) const { return weightData_[index]; }
  /// Lets the OS drop the resident pages wholly inside weight `index`'s bytes
  /// (a backend that keeps its own copy calls this). They stay readable: a
  /// later read maps them again from the file.
  void releaseWeightPages(uint64_t index) const;
  /// Weight file `index` as mapped at load, and the path it was opened by
  /// (relative paths resolved against the plan's directory).
  const MappedFile &weightFile(size_t index) const { return *weightMappings_[index]; }
  const std::string &weightFilePath(size_t index) const { return weightPaths_[index]; }

  /// Where each storage region lives (empty: all in host memory).
  const std::vector<plan::RegionRecord> &regions() const { return regions_; }
  /// A plan for a CUDA device: one launch record per step, and the module's
  /// images (source, PTX, cubins), each inside cudaBlobs() (checked at load).
  const std::vector<plan::CudaKernelRecord> &cudaKernels() const { return cudaKernels_; }
  const std::vector<plan::CudaImageRecord> &cudaImages() const { return cudaImages_; }
  const unsigned char *cudaBlobs() const { return cudaBlobs_; }
  uint64_t cudaBlobsBytes() const { return cudaBlobsBytes_; }
  /// The backend that runs this plan, chosen from its regions at load.
  const Backend &backend() const { return *backend_; }

  /// The file the plan was loaded from; empty for a plan in memory.
  const std::string &path() const { return path_; }

  /// Index of the entry named `name`, or -1.
  int findEntry(std::string_view name) const;

private:
  Plan() = default;
  /// `weightsDirectory` ("" or ending in '/') prefixes relative weight paths.
  Status parse(const unsigned char *file, size_t size, const std::string &name,
               const std::string &weightsDirectory);
  /// Maps every weight file and checks each weight's range and fingerprint
  /// (PlanWeights.cpp).
  Status mapWeights(const std::string &weightsDirectory);

  std::unique_ptr<MappedFile> mapping_;
  std::string path_;
  LoadOptions options_;
  std::vector<unsigned char> ownedBytes_; // for loadFromMemory, 64-byte aligned copy
  plan::FileHeader header_{};
  std::string strings_;
  std::vector<plan::TensorRecord> tensors_;
  std::vector<plan::StepRecord> steps_;
  std::vector<plan::EntryRecord> entries_;
  std::vector<uint32_t> indices_;
  std::vector<int64_t> params_;
  std::vector<plan::WeightFileRecord> weightFiles_;
  std::vector<plan::WeightRecord> weights_;
  std::vector<plan::WeightCheckRecord> weightChecks_;
  std::vector<plan::RegionRecord> regions_;
  std::vector<plan::CudaKernelRecord> cudaKernels_;
  std::vector<plan::CudaImageRecord> cudaImages_;
  const unsigned char *cudaBlobs_ = nullptr;
  uint64_t cudaBlobsBytes_ = 0;
  const Backend *backend_ = nullptr;
  std::vector<std::unique_ptr<MappedFile>> weightMappings_; // one per weight file
  std::vector<const unsigned char *> weightData_;           // one per weight
  std::vector<std::string> weightPaths_;                    // one per weight file
  const unsigned char *constants_ = nullptr;
  uint64_t constantsBytes_ = 0;
};

} // namespace thymos::rt
