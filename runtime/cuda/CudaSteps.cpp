//===- CudaSteps.cpp - A plan's steps bound to a CUDA device ----------------===//

#include "runtime/cuda/CudaSteps.h"

#include "runtime/Plan.h"
#include "runtime/cuda/CudaModule.h"
#include "runtime/cuda/Cublas.h"
#include "runtime/cuda/DeviceWeights.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <string>

namespace thymos::rt::cuda {

namespace {

using namespace plan;

CUdeviceptr devicePointer(const void *p) {
  return static_cast<CUdeviceptr>(reinterpret_cast<uintptr_t>(p));
}

bool graphsAsked() {
  const char *choice = std::getenv("THYMOS_CUDA_GRAPHS");
  return !choice || std::strcmp(choice, "0") != 0;
}

/// What an entry's graph is: not captured yet, ready to replay, or refused
/// by the driver (the entry then runs step by step).
enum class GraphState : uint8_t { Untried, Ready, Refused };

class CudaSteps final : public BoundSteps {
public:
  CudaSteps(const Driver &driver, const Plan &plan)
      : d_(driver), plan_(plan), weights_(driver), graphs_(graphsAsked()) {}
  ~CudaSteps() override {
    cublas_.reset(); // its handle works on the stream: gone first
    for (CUgraphExec exec : execs_)
      if (exec)
        d_.api.graphExecDestroy(exec);
    if (stream_)
      d_.api.streamDestroy(stream_);
    if (fault_)
      d_.api.memFree(fault_);
    if (scratch_)
      d_.api.memFree(scratch_);
    if (module_.module)
      d_.api.moduleUnload(module_.module);
  }

  Status bind(const TensorView *views) {
    views_ = views;
    if (Status s = loadPlanModule(d_, plan_, module_); !s)
      return s;
    functions_.resize(plan_.steps().size());
    for (const CudaKernelRecord &k : plan_.cudaKernels()) {
      const std::string name(plan_.string(k.name));
      if (Status s = d_.check(d_.api.moduleGetFunction(&functions_[k.step], module_.module,
                                                       name.c_str()),
                              "cuModuleGetFunction");
          !s)
        return Status::error(s.message() + " (kernel " + name + " of step " +
                             std::to_string(k.step) + ")");
    }
    // A stream of the default kind orders itself after the synchronous
    // copies of inputs (legacy stream) and can be captured, which the legacy
    // stream cannot.
    if (Status s = d_.check(d_.api.streamCreate(&stream_, 0), "cuStreamCreate"); !s)
      return s;
    if (CUresult r = d_.api.memAlloc(&fault_, 16); r != 0)
      return d_.allocationFailed(r, "the fault words", 16);
    if (Status s = d_.check(d_.api.memsetD8(fault_, 0, 16), "cuMemsetD8"); !s)
      return s;
    if (Status s = weights_.place(plan_, views); !s)
      return s;
    if (Status s = prepareGemms(); !s)
      return s;
    buildArguments(views);
    execs_.assign(plan_.entries().size(), nullptr);
    graphStates_.assign(plan_.entries().size(), GraphState::Untried);
    return Status::success();
  }

  Status runStep(uint32_t index, ThreadPool *) override {
    const CudaKernelRecord &k = plan_.cudaKernels()[index];
    if (Status s = d_.check(d_.api.launchKernel(functions_[index], static_cast<unsigned>(k.grid),
                                                k.gridY, 1, k.block, 1, 1, k.sharedBytes,
                                                stream_, params_[index].data(), nullptr),
                            "cuLaunchKernel");
        !s || !(k.flags & kCudaKernelGemm))
      return s;
    // The prologue has written the f16 operands (if any); then the GEMM.
    const GemmOperands &g = gemms_[index];
    const std::vector<CUdeviceptr> &args = arguments_[index];
    const CUdeviceptr a = g.halfOperands ? scratch_ + uint64_t(g.n * g.k) * 2 : args[0];
    const CUdeviceptr b = g.halfOperands ? scratch_ : args[1];
    return cublas_->run(g, a, b, args[2]);
  }

  void copy(void *destination, const void *source, uint64_t bytes) override {
    // A failure here shows at finishEntry, whose synchronisation reports it.
    (void)copyAsync(destination, source, bytes);
  }

  Status upload(void *destination, const void *hostSource, uint64_t bytes) override {
    return d_.check(d_.api.memcpyHtoD(devicePointer(destination), hostSource, bytes),
                    "cuMemcpyHtoD");
  }

  Status download(void *hostDestination, const void *source, uint64_t bytes) override {
    return d_.check(d_.api.memcpyDtoH(hostDestination, devicePointer(source), bytes),
                    "cuMemcpyDtoH");
  }

  /// An entry's launches and state copies are the same on every run (the
  /// kernels read positions and lengths from device memory, and their
  /// arguments are fixed addresses), so the first run captures them as a
  /// graph and every run replays it: one launch per token instead of one per
  /// step, which is what small models' decode is bound by.
  Status runWholeEntry(uint32_t entry, bool &ran) override {
    ran = false;
    if (!graphs_ || entry >= execs_.size())
      return Status::success();
    if (graphStates_[entry] == GraphState::Untried)
      graphStates_[entry] = capture(entry) ? GraphState::Ready : GraphState::Refused;
    if (graphStates_[entry] != GraphState::Ready)
      return Status::success();
    ran = true;
    return d_.check(d_.api.graphLaunch(execs_[entry], stream_), "cuGraphLaunch");
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
  /// Records entry `entry`'s launches and state copies into a graph (nothing
  /// runs while capturing); false when the driver refuses any part, which
  /// leaves the entry to run step by step.
  bool capture(uint32_t entry) {
    const EntryRecord &e = plan_.entries()[entry];
    if (d_.api.streamBeginCapture(stream_, kCaptureThreadLocal) != 0)
      return false;
    bool recorded = true;
    for (uint32_t k = 0; k < e.stepCount && recorded; ++k)
      recorded = static_cast<bool>(runStep(e.stepStart + k, nullptr));
    const uint32_t *updates = plan_.indices().data() + e.updateStart;
    for (uint32_t k = 0; k < e.updateCount && recorded; ++k) {
      const uint32_t state = updates[2 * k], value = updates[2 * k + 1];
      recorded = copyAsync(views_[state].data, views_[value].data,
                           plan_.tensors()[state].bytes) == 0;
    }
    CUgraph graph = nullptr;
    const bool ended = d_.api.streamEndCapture(stream_, &graph) == 0 && graph;
    recorded = recorded && ended &&
               d_.api.graphInstantiate(&execs_[entry], graph, 0) == 0 && execs_[entry];
    if (graph)
      d_.api.graphDestroy(graph);
    if (!recorded)
      execs_[entry] = nullptr;
    return recorded;
  }

  /// The shapes of the GEMM steps, one scratch buffer for the largest, and
  /// cuBLAS on the stream, when the plan has any.
  Status prepareGemms() {
    gemms_.assign(plan_.steps().size(), GemmOperands{});
    uint64_t scratch = 0;
    bool any = false;
    for (size_t i = 0; i < plan_.steps().size(); ++i) {
      if (!(plan_.cudaKernels()[i].flags & kCudaKernelGemm))
        continue;
      // Validated at load (PlanCudaValidation.cpp): this cannot fail.
      (void)stepGemmOperands(plan_, i, gemms_[i]);
      scratch = std::max(scratch, gemms_[i].scratchBytes);
      any = true;
    }
    if (!any)
      return Status::success();
    if (scratch > 0)
      if (CUresult r = d_.api.memAlloc(&scratch_, scratch); r != 0) {
        scratch_ = 0;
        return d_.allocationFailed(r, "the GEMM operands in f16", scratch);
      }
    cublas_ = std::make_unique<CublasGemm>();
    return cublas_->create(d_, stream_);
  }

  /// A state update on the stream; none where the value was computed in
  /// the state's own memory (a cache written in place).
  CUresult copyAsync(void *destination, const void *source, uint64_t bytes) {
    if (destination == source || bytes == 0)
      return 0;
    return d_.api.memcpyDtoDAsync(devicePointer(destination), devicePointer(source), bytes,
                                  stream_);
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
        const CUdeviceptr placed = weights_.address(t);
        args.push_back(placed ? placed : devicePointer(views[t].data));
      }
      args.push_back(devicePointer(views[step.output].data));
      if (plan_.cudaKernels()[i].flags & kCudaKernelFaults)
        args.push_back(fault_);
      if (plan_.cudaKernels()[i].flags & kCudaKernelGemm)
        args.push_back(scratch_);
      for (CUdeviceptr &a : args)
        params_[i].push_back(&a);
    }
  }

  const Driver &d_;
  const Plan &plan_;
  const TensorView *views_ = nullptr;
  LoadedModule module_;
  DeviceWeights weights_;
  bool graphs_;
  CUstream stream_ = nullptr;
  std::vector<CUfunction> functions_;
  CUdeviceptr fault_ = 0;
  std::vector<GemmOperands> gemms_; // per step; set for the GEMM steps
  CUdeviceptr scratch_ = 0;         // their f16 operands
  std::unique_ptr<CublasGemm> cublas_;
  std::vector<std::vector<CUdeviceptr>> arguments_;
  std::vector<std::vector<void *>> params_; // per step: pointers to its arguments
  std::vector<CUgraphExec> execs_;          // per entry, once captured
  std::vector<GraphState> graphStates_;     // per entry
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
