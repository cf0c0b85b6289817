//===- FuseElementwise.cpp - Merge elementwise ops into `fused` ops ---------===//
//
// Groups grow greedily from a root, the last op of the group in graph order,
// towards the ops that produce its operands. A producer joins when it is an
// f32/f64 unary or binary elementwise op and every use of its result is by an
// op already in the group (so it is not returned, not written to a state,
// and not read by anything that would lose its operand), and when its result
// has the root's type (no work repeated across broadcast). Producers are tried
// in decreasing position: when one is tried, every op that could use its
// result comes later and has been decided already, so one sweep finds the
// whole group, trees and diamonds alike.
//
// The fused op takes the root's place and its result value, so every later
// use stays valid; its inputs are operands of group members and so are
// defined before the root. Constants stay inputs: `const` is not elementwise.
//
//===----------------------------------------------------------------------===//

#include "passes/FuseElementwise.h"

#include "ir/FusedProgram.h"

#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/SmallPtrSet.h"

#include <algorithm>
#include <cassert>
#include <set>

namespace thymos::passes {

using namespace ir;

namespace {

bool isFusible(const Operation &op) {
  if (fused::instructionArity(op.kind()) == 0 || op.numResults() != 1)
    return false;
  DType dtype = op.result()->type().dtype();
  return dtype == DType::F32 || dtype == DType::F64;
}

/// One group's replacement, gathered before the graph changes.
struct Replacement {
  unsigned rootIndex;
  llvm::SmallVector<const Operation *, 8> members; // in graph order, root last
  llvm::SmallVector<Value *, 4> inputs;
};

class GraphFuser {
public:
  explicit GraphFuser(Graph &graph) : graph_(graph), groupOf_(graph.ops().size(), -1) {
    for (const auto &op : graph.ops())
      for (const Value *operand : op->operands())
        users_[operand].push_back(op.get());
    for (const Value *v : graph.returnValues())
      escapes_.insert(v);
    for (const Graph::StateUpdate &u : graph.updates())
      escapes_.insert(u.value);
  }

  /// Finds the groups and rewrites the graph; false when nothing changed.
  bool run() {
    const auto &ops = graph_.ops();
    for (unsigned i = static_cast<unsigned>(ops.size()); i-- > 0;)
      if (groupOf_[i] < 0 && isFusible(*ops[i]))
        growGroup(*ops[i]);
    if (groups_.empty())
      return false;
    rewrite();
    return true;
  }

private:
  void growGroup(const Operation &root) {
    int id = static_cast<int>(groups_.size());
    Replacement group{root.index(), {&root}, {}};
    llvm::SetVector<Value *> inputs;
    groupOf_[root.index()] = id;
    std::set<unsigned, std::greater<unsigned>> candidates;
    auto addOperands = [&](const Operation &op) {
      for (Value *operand : op.operands()) {
        inputs.insert(operand);
        if (const Operation *def = operand->definingOp())
          candidates.insert(def->index());
      }
    };
    addOperands(root);
    while (!candidates.empty()) {
      const Operation &producer = *graph_.ops()[*candidates.begin()];
      candidates.erase(candidates.begin());
      if (!canJoin(producer, id, root, group.members.size(), inputs))
        continue;
      groupOf_[producer.index()] = id;
      group.members.push_back(&producer);
      inputs.remove(producer.result());
      addOperands(producer);
    }
    if (group.members.size() < 2) {
      groupOf_[root.index()] = -1;
      return;
    }
    std::reverse(group.members.begin(), group.members.end());
    // Inputs in the order the program first reads them, for readable IR.
    llvm::SetVector<Value *> ordered;
    for (const Operation *op : group.members)
      for (Value *operand : op->operands())
        if (inputs.count(operand))
          ordered.insert(operand);
    group.inputs.assign(ordered.begin(), ordered.end());
    groups_.push_back(std::move(group));
  }

  bool canJoin(const Operation &producer, int id, const Operation &root, size_t numMembers,
               const llvm::SetVector<Value *> &inputs) const {
    // The kernel evaluates every instruction at the result's shape; a smaller
    // producer (rsqrt of a [16,1] variance under a [16,64] root) would be
    // recomputed for every element it broadcasts to, so it stays outside.
    if (groupOf_[producer.index()] >= 0 || !isFusible(producer) ||
        producer.result()->type() != root.result()->type())
      return false;
    const Value *result = producer.result();
    if (escapes_.count(result))
      return false;
    for (const Operation *user : users_.lookup(result))
      if (groupOf_[user->index()] != id)
        return false;
    if (numMembers + 1 > fused::kMaxInstructions)
      return false;
    // The producer's result stops being an input; its operands become inputs.
    llvm::SmallPtrSet<const Value *, 4> added;
    for (Value *operand : producer.operands())
      if (!inputs.count(operand))
        added.insert(operand);
    return inputs.size() - 1 + added.size() <= fused::kMaxInputs;
  }

  /// The program: input i is value i, member j is value numInputs + j.
  static std::vector<int64_t> program(const Replacement &group) {
    llvm::DenseMap<const Value *, int64_t> index;
    for (size_t i = 0; i < group.inputs.size(); ++i)
      index[group.inputs[i]] = static_cast<int64_t>(i);
    std::vector<int64_t> program;
    for (size_t j = 0; j < group.members.size(); ++j) {
      const Operation &op = *group.members[j];
      program.push_back(static_cast<int64_t>(op.kind()));
      program.push_back(index.lookup(op.operand(0)));
      program.push_back(op.numOperands() == 2 ? index.lookup(op.operand(1)) : fused::kNoOperand);
      index[op.result()] = static_cast<int64_t>(group.inputs.size() + j);
    }
    return program;
  }

  void rewrite() {
    // Build every fused op's state while the members still exist.
    std::sort(groups_.begin(), groups_.end(),
              [](const Replacement &a, const Replacement &b) { return a.rootIndex < b.rootIndex; });
    std::vector<OperationState> states;
    std::vector<unsigned> positions;
    unsigned keptBefore = 0, next = 0;
    for (const auto &op : graph_.ops()) {
      if (next < groups_.size() && op->index() == groups_[next].rootIndex) {
        const Replacement &group = groups_[next];
        const Operation &root = *group.members.back();
        OperationState state{OpKind::Fused, root.loc(), {}, {}, {}, {}, {}, {}, {}, {}};
        for (Value *input : group.inputs) {
          // SSA order: members are defined before the root, their operands
          // before them, so the fused op can sit at the root's position.
          assert(!input->definingOp() || input->definingOp()->index() < group.rootIndex);
          state.operands.push_back(input);
          state.domain.push_back(input->type());
        }
        state.attrs.push_back({"program", Attribute::integerArray(program(group)), {}});
        state.results.push_back(root.result());
        state.codomain.push_back(root.result()->type());
        states.push_back(std::move(state));
        // Kept ops before the root, plus the fused ops placed before it.
        positions.push_back(keptBefore + next);
        ++next;
      }
      if (groupOf_[op->index()] < 0)
        ++keptBefore;
    }
    llvm::DenseSet<const Operation *> erased;
    for (const Replacement &group : groups_)
      erased.insert(group.members.begin(), group.members.end());
    graph_.eraseOps([&](const Operation &op) { return erased.count(&op) != 0; });
    for (size_t i = 0; i < states.size(); ++i)
      graph_.insertOp(positions[i], std::move(states[i]));
  }

  Graph &graph_;
  llvm::DenseMap<const Value *, llvm::SmallVector<const Operation *, 2>> users_;
  llvm::DenseSet<const Value *> escapes_;
  std::vector<int> groupOf_; // by op position: the group, or -1
  std::vector<Replacement> groups_;
};

} // namespace

bool FuseElementwisePass::run(Module &module, PassContext &context) {
  for (const auto &graph : module.graphs())
    if (GraphFuser(*graph).run())
      context.memoryPlans.erase(graph.get());
  return true;
}

} // namespace thymos::passes
