//===- Target.cpp - What a backend can run ----------------------------------===//

#include "codegen/Target.h"

#include "runtime/cpu/CpuBackend.h"

#include <vector>

namespace thymos::codegen {

namespace {

rt::TensorView viewOf(const plan::TensorRecord &t) {
  rt::TensorView v;
  v.dtype = static_cast<rt::DType>(t.dtype);
  v.rank = t.rank;
  for (unsigned d = 0; d < t.rank && d < plan::kMaxRank; ++d)
    v.dims[d] = t.dims[d];
  return v;
}

/// Interpreted kernels of runtime/cpu/: the check is the CPU backend's own
/// load-time check (runtime/cpu/CpuBackend.h), so thymosc and thymos-run
/// cannot disagree about a step.
class CpuTarget final : public Target {
public:
  llvm::StringRef name() const override { return "cpu"; }
  llvm::StringRef description() const override { return "interpreted CPU kernels"; }
  llvm::StringRef defaultPipeline() const override {
    return "canonicalize,cse,dce,fuse-elementwise,plan-memory";
  }

  bool checkStep(const PlanModel &model, const plan::StepRecord &step,
                 std::string &why) const override {
    std::vector<rt::TensorView> inputs;
    for (uint32_t k = 0; k < step.inputCount; ++k)
      inputs.push_back(viewOf(model.tensors[model.indices[step.inputStart + k]]));
    rt::TensorView output = viewOf(model.tensors[step.output]);
    rt::KernelCall call{inputs.data(), step.inputCount, &output,
                        step.paramCount ? &model.params[step.paramStart] : nullptr,
                        step.paramCount};
    if (rt::Status s = rt::cpuBackend().checkStep(static_cast<rt::OpKind>(step.opcode), call);
        !s) {
      why = "cannot run on the CPU: " + s.message();
      return false;
    }
    return true;
  }
};

} // namespace

const Target &cpuTarget() {
  static const CpuTarget target;
  return target;
}

llvm::ArrayRef<const Target *> allTargets() {
  static const Target *const targets[] = {&cpuTarget(), &cudaTarget()};
  return targets;
}

const Target *findTarget(llvm::StringRef name) {
  for (const Target *t : allTargets())
    if (t->name() == name)
      return t;
  return nullptr;
}

} // namespace thymos::codegen
