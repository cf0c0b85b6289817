//===- CudaSteps.cpp - A plan's steps bound to a CUDA device ----------------===//

#include "runtime/cuda/CudaSteps.h"

#include "runtime/Plan.h"
#include "runtime/cuda/Nvrtc.h"

#include <string>

namespace thymos::rt::cuda {

namespace {

using namespace plan;

CUdeviceptr devicePointer(const void *p) {
  return static_cast<CUdeviceptr>(reinterpret_cast<uintptr_t>(p));
}

/// The image of `kind` to load on a device of compute capability `cc`: the
/// cubin for exactly it, the newest PTX at or below it, the source (cc 0);
/// null when there is none.
const CudaImageRecord *chooseImage(const Plan &plan, int cc, CudaImageKind kind) {
  const CudaImageRecord *best = nullptr;
  for (const CudaImageRecord &image : plan.cudaImages()) {
    if (image.kind != static_cast<uint32_t>(kind))
      continue;
    const auto arch = static_cast<int>(image.arch);
    const bool fits = kind == CudaImageKind::Cubin ? arch == cc : arch <= cc;
    if (fits && (!best || arch > static_cast<int>(best->arch)))
      best = &image;
  }
  return best;
}

std::string architectures(const Plan &plan) {
  std::string list;
  for (const CudaImageRecord &image : plan.cudaImages())
    if (image.kind != static_cast<uint32_t>(CudaImageKind::Source))
      list += (list.empty() ? "" : ", ") +
              std::string(image.kind == uint32_t(CudaImageKind::Cubin) ? "sm_" : "compute_") +
              std::to_string(image.arch);
  return list.empty() ? "none" : list;
}

class CudaSteps final : public BoundSteps {
public:
  CudaSteps(const Driver &driver, const Plan &plan) : d_(driver), plan_(plan) {}
  ~CudaSteps() override {
    if (uploads_)
      d_.api.memFree(uploads_);
    if (fault_)
      d_.api.memFree(fault_);
    if (module_)
      d_.api.moduleUnload(module_);
  }

  Status bind(const TensorView *views) {
    if (Status s = loadModule(); !s)
      return s;
    functions_.resize(plan_.steps().size());
    for (const CudaKernelRecord &k : plan_.cudaKernels()) {
      const std::string name(plan_.string(k.name));
      if (Status s = d_.check(d_.api.moduleGetFunction(&functions_[k.step], module_, name.c_str()),
                              "cuModuleGetFunction");
          !s)
        return Status::error(s.message() + " (kernel " + name + " of step " +
                             std::to_string(k.step) + ")");
    }
    if (Status s = d_.check(d_.api.memAlloc(&fault_, 16), "cuMemAlloc (fault words)"); !s)
      return s;
    if (Status s = d_.check(d_.api.memsetD8(fault_, 0, 16), "cuMemsetD8"); !s)
      return s;
    if (Status s = uploadReadOnly(views); !s)
      return s;
    buildArguments(views);
    return Status::success();
  }

  Status runStep(uint32_t index, ThreadPool *) override {
    const CudaKernelRecord &k = plan_.cudaKernels()[index];
    return d_.check(d_.api.launchKernel(functions_[index], static_cast<unsigned>(k.grid),
                                        k.gridY, 1, k.block, 1, 1, k.sharedBytes, nullptr,
                                        params_[index].data(), nullptr),
                    "cuLaunchKernel");
  }

  void copy(void *destination, const void *source, uint64_t bytes) override {
    // A failure here shows at finishEntry, whose synchronisation reports it.
    (void)d_.api.memcpyDtoD(devicePointer(destination), devicePointer(source), bytes);
  }

  Status upload(void *destination, const void *hostSource, uint64_t bytes) override {
    return d_.check(d_.api.memcpyHtoD(devicePointer(destination), hostSource, bytes),
                    "cuMemcpyHtoD");
  }

  Status download(void *hostDestination, const void *source, uint64_t bytes) override {
    return d_.check(d_.api.memcpyDtoH(hostDestination, devicePointer(source), bytes),
                    "cuMemcpyDtoH");
  }

  Status finishEntry() override {
    if (Status s = d_.check(d_.api.ctxSynchronize(), "cuCtxSynchronize"); !s)
      return s;
    uint32_t words[3] = {};
    if (Status s = download(words, reinterpret_cast<void *>(fault_), sizeof words); !s)
      return s;
    if (words[0] == 0)
      return Status::success();
    (void)d_.api.memsetD8(fault_, 0, 16);
    const uint32_t step = words[1] < plan_.steps().size() ? words[1] : 0;
    const char *op = opKindName(static_cast<OpKind>(plan_.steps()[step].opcode));
    const auto detail = static_cast<int32_t>(words[2]);
    std::string what;
    switch (words[0]) {
    case 1: what = "index " + std::to_string(detail) + " is out of range"; break;
    case 2: what = "position " + std::to_string(detail) + " is negative"; break;
    case 3: what = "rows at position " + std::to_string(detail) + " lie outside the cache"; break;
    default: what = "fault " + std::to_string(words[0]); break;
    }
    return Status::error("step " + std::to_string(step) + " (" + op + "): " + op + ": " + what);
  }

private:
  Status loadModule() {
    const int cc = d_.computeCapability;
    std::string errors;
    if (const CudaImageRecord *cubin = chooseImage(plan_, cc, CudaImageKind::Cubin)) {
      Status s = d_.check(d_.api.moduleLoadData(&module_, plan_.cudaBlobs() + cubin->offset),
                          "cuModuleLoadData (cubin)");
      if (s)
        return s;
      errors = s.message() + "; ";
    }
    if (const CudaImageRecord *ptx = chooseImage(plan_, cc, CudaImageKind::Ptx)) {
      // The driver reads PTX as a C string; the plan stores it without the NUL.
      const std::string text(reinterpret_cast<const char *>(plan_.cudaBlobs() + ptx->offset),
                             ptx->bytes);
      Status s = d_.check(d_.api.moduleLoadData(&module_, text.c_str()), "cuModuleLoadData (PTX)");
      if (s)
        return s;
      errors += s.message() + "; ";
    }
    // A driver older than the toolkit that compiled the plan (JetPack 6 and
    // CUDA 13) refuses both: compile the plan's source with this host's NVRTC.
    const std::string arch = "sm_" + std::to_string(cc);
    if (const CudaImageRecord *source = chooseImage(plan_, 0, CudaImageKind::Source)) {
      std::string why;
      if (const Nvrtc *nvrtc = Nvrtc::load(why)) {
        const std::string text(reinterpret_cast<const char *>(plan_.cudaBlobs() + source->offset),
                               source->bytes);
        NvrtcOutput out;
        if (nvrtc->compile(text, arch, out, why, /*ptx=*/false)) {
          compiled_ = std::move(out.cubin);
          Status s = d_.check(d_.api.moduleLoadData(&module_, compiled_.data()),
                              "cuModuleLoadData (cubin from this host's NVRTC)");
          if (s)
            return s;
          why = s.message();
        }
      }
      errors += why + "; ";
    }
    return Status::error(errors + "no image of the plan loads on " + d_.name + " (" + arch +
                         "; the plan has: " + architectures(plan_) + ")");
  }

  /// One device buffer for every constant and weight a step reads.
  Status uploadReadOnly(const TensorView *views) {
    const auto &tensors = plan_.tensors();
    readOnly_.assign(tensors.size(), 0);
    uint64_t total = 0;
    std::vector<uint64_t> at(tensors.size(), ~uint64_t(0));
    for (const StepRecord &step : plan_.steps())
      for (uint32_t k = 0; k < step.inputCount; ++k) {
        const uint32_t t = plan_.indices()[step.inputStart + k];
        const uint8_t storage = tensors[t].storage;
        if ((storage != uint8_t(Storage::Constant) && storage != uint8_t(Storage::Weight)) ||
            at[t] != ~uint64_t(0))
          continue;
        at[t] = total;
        total += (tensors[t].bytes + 255) / 256 * 256;
      }
    if (total == 0)
      return Status::success();
    if (Status s = d_.check(d_.api.memAlloc(&uploads_, total), "cuMemAlloc (weights)"); !s) {
      size_t free = 0, all = 0;
      d_.api.memGetInfo(&free, &all);
      return Status::error(s.message() + ": the constants and weights need " +
                           std::to_string(total) + " bytes, " + std::to_string(free) +
                           " of the device's " + std::to_string(all) + " are free");
    }
    for (uint32_t t = 0; t < tensors.size(); ++t) {
      if (at[t] == ~uint64_t(0))
        continue;
      readOnly_[t] = uploads_ + at[t];
      void *to = reinterpret_cast<void *>(readOnly_[t]);
      if (Status s = upload(to, views[t].data, tensors[t].bytes); !s)
        return s;
    }
    return Status::success();
  }

  void buildArguments(const TensorView *views) {
    const size_t steps = plan_.steps().size();
    arguments_.resize(steps);
    params_.resize(steps);
    for (size_t i = 0; i < steps; ++i) {
      const StepRecord &step = plan_.steps()[i];
      std::vector<CUdeviceptr> &args = arguments_[i];
      for (uint32_t k = 0; k < step.inputCount; ++k) {
        const uint32_t t = plan_.indices()[step.inputStart + k];
        args.push_back(readOnly_[t] ? readOnly_[t] : devicePointer(views[t].data));
      }
      args.push_back(devicePointer(views[step.output].data));
      if (plan_.cudaKernels()[i].flags & kCudaKernelFaults)
        args.push_back(fault_);
      for (CUdeviceptr &a : args)
        params_[i].push_back(&a);
    }
  }

  const Driver &d_;
  const Plan &plan_;
  CUmodule module_ = nullptr;
  std::vector<unsigned char> compiled_; // a cubin compiled here from the plan's source
  std::vector<CUfunction> functions_;
  CUdeviceptr uploads_ = 0, fault_ = 0;
  std::vector<CUdeviceptr> readOnly_; // per tensor: its uploaded copy, or 0
  std::vector<std::vector<CUdeviceptr>> arguments_;
  std::vector<std::vector<void *>> params_; // per step: pointers to its arguments
};

} // namespace

Status bindCudaSteps(const Driver &driver, const Plan &plan, const TensorView *views,
                     std::unique_ptr<BoundSteps> &out) {
  auto steps = std::make_unique<CudaSteps>(driver, plan);
  if (Status s = steps->bind(views); !s)
    return s;
  out = std::move(steps);
  return Status::success();
}

} // namespace thymos::rt::cuda
