//===- PlanCudaValidation.cpp - Checking a plan's CUDA sections -------------===//
//
// A plan for a CUDA device carries one launch record per step and its
// module's images. Everything the CUDA backend will hand the driver is
// checked here, at load, like the rest of an untrusted plan: every launch
// within the limits every supported device accepts, every name and image
// inside its section, exactly one source image, and the regions and the
// kernels agreeing on whether the plan is for a device at all.
//
//===----------------------------------------------------------------------===//

#include "runtime/PlanValidation.h"

#include "runtime/CheckedSize.h"
#include "runtime/cuda/GemmOperands.h"

#include <cstring>

namespace thymos::rt {

using namespace plan;

namespace {

std::string str(uint64_t v) { return std::to_string(v); }

bool inside(uint64_t start, uint64_t count, uint64_t size) {
  uint64_t end;
  return checkedAdd(start, count, end) && end <= size;
}

/// A GEMM step is a matmul that GemmOperands.h takes, and nothing else:
/// the runtime sizes its scratch buffer and the cuBLAS call from it.
Status checkGemm(const Plan &plan, size_t i) {
  cuda::GemmOperands g;
  if ((plan.cudaKernels()[i].flags & kCudaKernelFaults) || !cuda::stepGemmOperands(plan, i, g))
    return Status::error("is marked as a cuBLAS GEMM but its step is not a matmul cuBLAS takes");
  return Status::success();
}

Status checkKernel(const Plan &plan, size_t i) {
  const CudaKernelRecord &k = plan.cudaKernels()[i];
  const std::string what = "CUDA kernel " + str(i) + ": ";
  if (k.step != i)
    return Status::error(what + "is for step " + str(k.step) + "; records go in step order");
  if (k.name.length == 0 || !inside(k.name.offset, k.name.length, plan.strings().size()))
    return Status::error(what + "the name is empty or lies outside the strings section");
  if (plan.string(k.name).find('\0') != std::string_view::npos)
    return Status::error(what + "the name contains a NUL byte");
  if ((k.flags & ~uint32_t(kCudaKernelFaults | kCudaKernelGemm)) != 0)
    return Status::error(what + "unknown flags " + str(k.flags));
  if (k.flags & kCudaKernelGemm)
    if (Status s = checkGemm(plan, i); !s)
      return Status::error(what + s.message());
  if (k.block == 0 || k.block > kCudaMaxBlock)
    return Status::error(what + "blocks of " + str(k.block) + " threads (1 .. " +
                         str(kCudaMaxBlock) + ")");
  if (k.grid == 0 || k.grid > kCudaMaxGrid || k.gridY == 0 || k.gridY > kCudaMaxGridY)
    return Status::error(what + "a grid of " + str(k.grid) + " x " + str(k.gridY) +
                         " blocks is empty or too large");
  if (k.sharedBytes > kCudaMaxSharedBytes)
    return Status::error(what + str(k.sharedBytes) + " bytes of shared memory, more than " +
                         str(kCudaMaxSharedBytes));
  return Status::success();
}

Status checkImage(const Plan &plan, size_t i, unsigned &sources) {
  const CudaImageRecord &image = plan.cudaImages()[i];
  const std::string what = "CUDA image " + str(i) + ": ";
  if (image.kind > static_cast<uint32_t>(CudaImageKind::Cubin))
    return Status::error(what + "unknown kind " + str(image.kind));
  const bool source = image.kind == static_cast<uint32_t>(CudaImageKind::Source);
  if (source ? image.arch != 0 : image.arch < 50 || image.arch > 999)
    return Status::error(what + "architecture " + str(image.arch) + " does not fit its kind");
  if (image.bytes == 0 || !inside(image.offset, image.bytes, plan.cudaBlobsBytes()))
    return Status::error(what + "bytes [" + str(image.offset) + ", +" + str(image.bytes) +
                         ") are empty or outside the CUDA blobs section");
  // Source and PTX reach NVRTC and the driver as C strings.
  if (image.kind != static_cast<uint32_t>(CudaImageKind::Cubin) &&
      std::memchr(plan.cudaBlobs() + image.offset, 0, image.bytes) != nullptr)
    return Status::error(what + "text contains a NUL byte");
  sources += source ? 1 : 0;
  return Status::success();
}

} // namespace

Status validateCudaSections(const Plan &plan) {
  bool deviceRegions = false;
  for (const RegionRecord &r : plan.regions())
    deviceRegions |= r.memorySpace == static_cast<uint32_t>(MemorySpace::CudaDevice);
  const bool cuda = !plan.cudaKernels().empty() || !plan.cudaImages().empty() ||
                    plan.cudaBlobsBytes() != 0;
  if (!cuda && !deviceRegions)
    return Status::success();
  if (!cuda)
    return Status::error("the plan puts regions in CUDA device memory but has no CUDA kernels");
  if (!deviceRegions)
    return Status::error("the plan has CUDA kernels but no region in CUDA device memory");
  if (plan.cudaKernels().size() != plan.steps().size())
    return Status::error(str(plan.cudaKernels().size()) + " CUDA kernel records for " +
                         str(plan.steps().size()) + " steps");
  for (size_t i = 0; i < plan.cudaKernels().size(); ++i)
    if (Status s = checkKernel(plan, i); !s)
      return s;
  unsigned sources = 0;
  for (size_t i = 0; i < plan.cudaImages().size(); ++i)
    if (Status s = checkImage(plan, i, sources); !s)
      return s;
  if (sources != 1)
    return Status::error("the CUDA images hold " + str(sources) +
                         " sources; a plan keeps exactly one, for hosts whose driver cannot "
                         "load its binaries");
  return Status::success();
}

} // namespace thymos::rt
