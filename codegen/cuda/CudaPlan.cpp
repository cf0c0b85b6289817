//===- CudaPlan.cpp - Embedding a plan's CUDA kernels in it -----------------===//

#include "codegen/cuda/CudaPlan.h"

#include "codegen/cuda/CudaEmitter.h"
#include "runtime/cuda/Nvrtc.h"

#include <cctype>

namespace thymos::codegen::cuda {

namespace {

void addImage(PlanModel &model, plan::CudaImageKind kind, uint32_t arch, const void *bytes,
              size_t size) {
  // Each image starts 64-byte aligned, as the driver prefers its ELF.
  model.cudaBlobs.resize((model.cudaBlobs.size() + 63) / 64 * 64);
  const uint64_t offset = model.cudaBlobs.size();
  const auto *begin = static_cast<const unsigned char *>(bytes);
  model.cudaBlobs.insert(model.cudaBlobs.end(), begin, begin + size);
  model.cudaImages.push_back({static_cast<uint32_t>(kind), arch, offset, size});
}

} // namespace

bool embedCudaModule(PlanModel &model, const std::vector<std::string> &archs,
                     std::string &error) {
  const rt::cuda::Nvrtc *nvrtc = rt::cuda::Nvrtc::load(error);
  if (!nvrtc) {
    error = "cannot compile the plan's CUDA kernels: " + error;
    return false;
  }
  const CudaModule module = emitCuda(model);
  for (const KernelLaunch &k : module.kernels) {
    plan::CudaKernelRecord r{};
    r.step = k.step;
    r.name = model.addString(k.name);
    r.flags = (k.faults ? uint32_t(plan::kCudaKernelFaults) : 0u) |
              (k.gemm ? uint32_t(plan::kCudaKernelGemm) : 0u);
    r.block = k.launch.block;
    r.gridY = k.launch.gridY;
    r.sharedBytes = k.launch.sharedBytes;
    r.grid = k.launch.grid;
    if (r.grid > plan::kCudaMaxGrid) {
      error = "step " + std::to_string(k.step) + " needs " + std::to_string(r.grid) +
              " blocks, more than a CUDA grid holds";
      return false;
    }
    model.cudaKernels.push_back(r);
  }
  addImage(model, plan::CudaImageKind::Source, 0, module.source.data(), module.source.size());
  for (const std::string &arch : archs) {
    rt::cuda::NvrtcOutput out;
    if (!nvrtc->compile(module.source, arch, out, error))
      return false;
    const auto number = static_cast<uint32_t>(std::stoul(arch.substr(3)));
    addImage(model, plan::CudaImageKind::Cubin, number, out.cubin.data(), out.cubin.size());
    addImage(model, plan::CudaImageKind::Ptx, number, out.ptx.data(), out.ptx.size());
  }
  // The arena and the state live on the device; constants and weights stay
  // in the plan and the weight files, and the runtime uploads them.
  model.regions = {{static_cast<uint8_t>(plan::Storage::Arena), 0, 0,
                    static_cast<uint32_t>(plan::MemorySpace::CudaDevice), 0},
                   {static_cast<uint8_t>(plan::Storage::State), 0, 0,
                    static_cast<uint32_t>(plan::MemorySpace::CudaDevice), 0}};
  return true;
}

bool parseArchitectures(const std::string &list, std::vector<std::string> &archs,
                        std::string &error) {
  size_t start = 0;
  while (start <= list.size()) {
    size_t comma = list.find(',', start);
    if (comma == std::string::npos)
      comma = list.size();
    const std::string arch = list.substr(start, comma - start);
    bool ok = arch.size() > 3 && arch.compare(0, 3, "sm_") == 0;
    for (size_t i = 3; ok && i < arch.size(); ++i)
      ok = std::isdigit(static_cast<unsigned char>(arch[i])) != 0;
    if (!ok) {
      error = "'" + arch + "' is not a CUDA architecture (sm_87, sm_90, ...)";
      return false;
    }
    archs.push_back(arch);
    start = comma + 1;
  }
  return true;
}

} // namespace thymos::codegen::cuda
