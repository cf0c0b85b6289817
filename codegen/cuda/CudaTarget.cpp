//===- CudaTarget.cpp - The `cuda` target -----------------------------------===//
//
// A step is valid for `cuda` when it is valid at all (the CPU backend's
// load-time check, which states each op's shapes and types) and the CUDA
// emitters lower its op and types (CudaOps.h).
//
//===----------------------------------------------------------------------===//

#include "codegen/Target.h"
#include "codegen/cuda/CudaEmitter.h"

namespace thymos::codegen {

namespace {

class CudaTarget final : public Target {
public:
  llvm::StringRef name() const override { return "cuda"; }
  llvm::StringRef description() const override {
    return "CUDA C kernels emitted per step (--emit=cuda)";
  }
  llvm::StringRef defaultPipeline() const override { return cpuTarget().defaultPipeline(); }

  bool checkStep(const PlanModel &model, const plan::StepRecord &step,
                 std::string &why) const override {
    if (!cpuTarget().checkStep(model, step, why))
      return false;
    std::string reason;
    if (cuda::stepLowerable(model, step, reason))
      return true;
    why = "cannot run on target 'cuda': " + reason;
    return false;
  }
};

} // namespace

const Target &cudaTarget() {
  static const CudaTarget target;
  return target;
}

} // namespace thymos::codegen
