//===- Lowering.cpp - A verified module to a plan -----------------------------===//

#include "codegen/Lowering.h"

#include "codegen/ConstantData.h"
#include "codegen/WeightBinding.h"
#include "ir/Ops.h"
#include "runtime/CheckedSize.h"

#include <cstring>

namespace thymos::codegen {

using namespace ir;

namespace {

int64_t normalizedAxis(int64_t axis, unsigned rank) {
  return axis < 0 ? axis + static_cast<int64_t>(rank) : axis;
}

int64_t doubleBits(double value) {
  int64_t bits;
  std::memcpy(&bits, &value, sizeof bits);
  return bits;
}

plan::TensorRecord tensorRecord(PlanModel &model, const Value &v, plan::Storage storage,
                                uint64_t offset) {
  plan::TensorRecord t{};
  t.name = model.addString(v.name());
  t.dtype = static_cast<uint8_t>(v.type().dtype());
  t.rank = static_cast<uint8_t>(v.type().rank());
  for (unsigned i = 0; i < v.type().rank(); ++i)
    t.dims[i] = v.type().dim(i);
  t.storage = static_cast<uint8_t>(storage);
  t.offset = offset;
  t.bytes = static_cast<uint64_t>(v.type().storageBytes().value_or(0));
  return t;
}

class GraphLowerer {
public:
  GraphLowerer(PlanModel &model, DiagnosticEngine &diag, const Target &target,
               std::string sourceDirectory, bool weightFingerprints)
      : model_(model), diag_(diag), target_(target),
        weights_(model, diag, std::move(sourceDirectory), weightFingerprints) {}

  /// One state tensor per declaration, shared by every graph of the module.
  void lowerStates(const Module &module) {
    for (const auto &state : module.states()) {
      plan::TensorRecord t{};
      t.name = model_.addString(state->name);
      t.dtype = static_cast<uint8_t>(state->type.dtype());
      t.rank = static_cast<uint8_t>(state->type.rank());
      for (unsigned i = 0; i < state->type.rank(); ++i)
        t.dims[i] = state->type.dim(i);
      t.storage = static_cast<uint8_t>(plan::Storage::State);
      t.offset = model_.stateBytes;
      t.bytes = static_cast<uint64_t>(state->type.storageBytes().value_or(0));
      model_.stateBytes = alignUp(t.offset + t.bytes, plan::kAlignment);
      stateTensor_[state.get()] = static_cast<uint32_t>(model_.tensors.size());
      model_.tensors.push_back(t);
    }
  }

  bool lower(const Graph &graph, const passes::GraphMemoryPlan &memory) {
    auto arenaTensor = [&](const Value *v) {
      unsigned buffer = memory.bufferOf.lookup(v);
      return addTensor(v, tensorRecord(model_, *v, plan::Storage::Arena,
                                       static_cast<uint64_t>(memory.offsets[buffer])));
    };
    plan::EntryRecord entry{};
    entry.name = model_.addString(graph.name());
    entry.inputStart = static_cast<uint32_t>(model_.indices.size());
    for (const Value *arg : graph.arguments())
      model_.indices.push_back(arenaTensor(arg));
    entry.inputCount = static_cast<uint32_t>(graph.arguments().size());

    for (const Value *v : graph.stateReads())
      tensorOf_[v] = stateTensor_.lookup(v->readsState());
    // Results written in place into their state (passes/PlanMemory.h).
    for (const auto &[v, state] : memory.inState)
      tensorOf_[v] = stateTensor_.lookup(state);

    bool ok = true;
    for (const auto &op : graph.ops())
      if (op->kind() == OpKind::Const)
        ok &= lowerConstant(*op);
      else if (op->kind() == OpKind::GgufTensor)
        ok &= lowerWeight(*op);
    if (!ok)
      return false;

    entry.stepStart = static_cast<uint32_t>(model_.steps.size());
    for (const Operation *op : memory.schedule) {
      plan::StepRecord step{};
      step.opcode = static_cast<uint16_t>(op->kind());
      step.inputStart = static_cast<uint32_t>(model_.indices.size());
      for (const Value *operand : op->operands())
        model_.indices.push_back(tensorOf_.lookup(operand));
      step.inputCount = op->numOperands();
      step.output = memory.inState.count(op->result()) ? tensorOf_.lookup(op->result())
                                                        : arenaTensor(op->result());
      std::vector<int64_t> params = kernelParams(*op);
      step.paramStart = static_cast<uint32_t>(model_.params.size());
      step.paramCount = static_cast<uint32_t>(params.size());
      model_.params.insert(model_.params.end(), params.begin(), params.end());
      model_.steps.push_back(step);
      ok &= checkStep(*op, step);
    }
    if (!ok)
      return false;
    uint64_t arenaBytes = static_cast<uint64_t>(memory.arenaBytes);
    llvm::DenseMap<const Value *, uint32_t> snapshots = snapshotStateReads(graph, arenaBytes);
    entry.stepCount = static_cast<uint32_t>(model_.steps.size()) - entry.stepStart;
    auto finalTensor = [&](const Value *v) {
      auto it = snapshots.find(v);
      return it != snapshots.end() ? it->second : tensorOf_.lookup(v);
    };

    entry.outputStart = static_cast<uint32_t>(model_.indices.size());
    for (const Value *v : graph.returnValues())
      model_.indices.push_back(finalTensor(v));
    entry.outputCount = static_cast<uint32_t>(graph.returnValues().size());
    entry.updateStart = static_cast<uint32_t>(model_.indices.size());
    for (const Graph::StateUpdate &u : graph.updates()) {
      if (memory.inState.lookup(u.value) == u.state)
        continue; // already written where it belongs
      model_.indices.push_back(stateTensor_.lookup(u.state));
      model_.indices.push_back(finalTensor(u.value));
      ++entry.updateCount;
    }
    entry.arenaBytes = arenaBytes;
    model_.entries.push_back(entry);
    model_.arenaBytes = std::max(model_.arenaBytes, entry.arenaBytes);
    return true;
  }

private:
  /// Updates are copies made one after another once the steps are done, so a
  /// state read that is returned or written into another state would show a
  /// value already updated (`update @a = %b, update @b = %a` would not swap).
  /// Such reads are copied into the arena, above the planned buffers, by a
  /// last step each, while every state still holds its old value.
  llvm::DenseMap<const Value *, uint32_t> snapshotStateReads(const Graph &graph,
                                                             uint64_t &arenaBytes) {
    llvm::DenseMap<const Value *, uint32_t> snapshots;
    if (graph.updates().empty())
      return snapshots;
    llvm::SmallVector<const Value *, 4> reads;
    for (const Value *v : graph.returnValues())
      if (v->readsState())
        reads.push_back(v);
    for (const Graph::StateUpdate &u : graph.updates())
      if (u.value->readsState())
        reads.push_back(u.value);
    for (const Value *v : reads) {
      if (snapshots.count(v))
        continue;
      uint64_t offset = alignUp(arenaBytes, plan::kAlignment);
      plan::TensorRecord copy = tensorRecord(model_, *v, plan::Storage::Arena, offset);
      arenaBytes = offset + copy.bytes;
      uint32_t index = static_cast<uint32_t>(model_.tensors.size());
      model_.tensors.push_back(copy);
      plan::StepRecord step{};
      step.opcode = static_cast<uint16_t>(OpKind::Reshape); // a same-shape reshape is a copy
      step.inputStart = static_cast<uint32_t>(model_.indices.size());
      step.inputCount = 1;
      model_.indices.push_back(tensorOf_.lookup(v));
      step.output = index;
      step.paramStart = static_cast<uint32_t>(model_.params.size());
      model_.steps.push_back(step);
      snapshots[v] = index;
    }
    return snapshots;
  }

  uint32_t addTensor(const Value *v, const plan::TensorRecord &record) {
    auto index = static_cast<uint32_t>(model_.tensors.size());
    model_.tensors.push_back(record);
    tensorOf_[v] = index;
    return index;
  }

  bool lowerConstant(const Operation &op) {
    std::vector<unsigned char> bytes;
    std::string error;
    if (!encodeConstant(*ConstAdaptor(op).value(), op.result()->type(), bytes, error)) {
      diag_.error(op.loc(), "'const' op cannot be lowered: " + error);
      return false;
    }
    uint64_t offset = model_.addConstantData(bytes);
    addTensor(op.result(), tensorRecord(model_, *op.result(), plan::Storage::Constant, offset));
    return true;
  }

  /// The check the runtime's loader will make, made here so that a graph the
  /// target cannot run (an f16 `mul` on the CPU, say) is an error at the op
  /// rather than a plan that thymos-run refuses.
  bool checkStep(const Operation &op, const plan::StepRecord &step) {
    std::string why;
    if (target_.checkStep(model_, step, why))
      return true;
    diag_.error(op.loc(), "'" + op.name().str() + "' op " + why);
    return false;
  }

  bool lowerWeight(const Operation &op) {
    uint64_t index;
    if (!weights_.bind(op, index))
      return false;
    addTensor(op.result(), tensorRecord(model_, *op.result(), plan::Storage::Weight, index));
    return true;
  }

  PlanModel &model_;
  DiagnosticEngine &diag_;
  const Target &target_;
  WeightBinder weights_;
  llvm::DenseMap<const Value *, uint32_t> tensorOf_;
  llvm::DenseMap<const StateDecl *, uint32_t> stateTensor_;
};

} // namespace

std::vector<int64_t> kernelParams(const Operation &op) {
  unsigned rank = op.numOperands() ? op.domain()[0].rank() : 0;
  switch (op.kind()) {
  case OpKind::MatMul: return {MatMulAdaptor(op).transposeB()};
  case OpKind::TriangularSolve: {
    TriangularSolveAdaptor solve(op);
    return {solve.lower(), solve.transposeA()};
  }
  case OpKind::Softmax: return {normalizedAxis(SoftmaxAdaptor(op).axis(), rank)};
  case OpKind::Sum:
  case OpKind::Mean:
  case OpKind::Max: {
    int64_t mask = 0;
    for (int64_t axis : op.intArrayAttr("axes"))
      mask |= int64_t(1) << normalizedAxis(axis, rank);
    return {mask};
  }
  case OpKind::RmsNorm: return {doubleBits(RmsNormAdaptor(op).epsilon())};
  case OpKind::LayerNorm: return {doubleBits(LayerNormAdaptor(op).epsilon())};
  case OpKind::Transpose: {
    llvm::SmallVector<int64_t, 4> perm = TransposeAdaptor(op).perm();
    return {perm.begin(), perm.end()};
  }
  case OpKind::Slice: {
    SliceAdaptor slice(op);
    std::vector<int64_t> params;
    for (int64_t s : slice.starts())
      params.push_back(s);
    llvm::SmallVector<int64_t, 4> steps = slice.steps();
    for (unsigned d = 0; d < rank; ++d)
      params.push_back(steps.empty() ? 1 : steps[d]);
    return params;
  }
  case OpKind::Concat: return {normalizedAxis(ConcatAdaptor(op).axis(), rank)};
  case OpKind::Gather: return {normalizedAxis(GatherAdaptor(op).axis(), rank)};
  case OpKind::Rope: {
    RopeAdaptor rope(op);
    return {doubleBits(rope.freqBase()), rope.rotaryDims()};
  }
  case OpKind::RopeScaled: {
    RopeScaledAdaptor rope(op);
    return {doubleBits(rope.freqBase()), rope.rotaryDims()};
  }
  case OpKind::Attention: return {doubleBits(AttentionAdaptor(op).scale())};
  case OpKind::Fused: {
    // The program is already in the kernel's encoding (ir/Ops.td, Kernels.h).
    llvm::SmallVector<int64_t, 4> program = FusedAdaptor(op).program();
    return {program.begin(), program.end()};
  }
  default: return {};
  }
}

bool lowerModule(const Module &module, passes::PassContext &context, PlanModel &model,
                 std::vector<GraphLowering> &graphs, const Target &target) {
  GraphLowerer lowerer(model, context.diag, target, context.sourceDirectory,
                       context.weightFingerprints);
  lowerer.lowerStates(module);
  bool ok = true;
  for (const auto &graph : module.graphs()) {
    auto planned = context.memoryPlans.find(graph.get());
    graphs.push_back({graph.get(), planned != context.memoryPlans.end()
                                       ? planned->second
                                       : passes::planGraphMemory(*graph, context.planner)});
    ok &= lowerer.lower(*graph, graphs.back().memory);
  }
  return ok;
}

} // namespace thymos::codegen
