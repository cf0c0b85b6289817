//===- StripMulByOne.cpp - x * 1 -> x ---------------------------------------===//

#include "ExamplePasses.h"

#include "llvm/ADT/SmallPtrSet.h"

namespace thymos::examples {

namespace {

/// True when `value` is the result of a `const` whose every element is 1.
bool isConstantOne(const ir::Value *value) {
  const ir::Operation *def = value->definingOp();
  if (!def || def->kind() != ir::OpKind::Const)
    return false;
  const ir::Attribute *attr = def->findAttr("value");
  if (!attr)
    return false;
  if (attr->form() != ir::Attribute::Form::Array)
    return attr->form() != ir::Attribute::Form::Bool && attr->asFloat() == 1.0;
  llvm::ArrayRef<double> values = attr->arrayValues();
  return !values.empty() && llvm::all_of(values, [](double v) { return v == 1.0; });
}

/// The operand that `op` can be replaced with, or null.
ir::Value *survivingOperand(const ir::Operation &op) {
  if (op.kind() != ir::OpKind::Mul || op.numOperands() != 2)
    return nullptr;
  for (unsigned i = 0; i < 2; ++i) {
    ir::Value *other = op.operand(1 - i);
    // Broadcasting against the constant may widen the result; then the
    // other operand alone is not the same value.
    if (isConstantOne(op.operand(i)) && other->type() == op.result()->type())
      return other;
  }
  return nullptr;
}

} // namespace

bool StripMulByOnePass::run(ir::Module &module, passes::PassContext &context) {
  for (const auto &graph : module.graphs()) {
    llvm::SmallPtrSet<const ir::Operation *, 8> erased;
    llvm::SmallPtrSet<const ir::Operation *, 8> constants;
    for (const auto &op : graph->ops()) {
      ir::Value *replacement = survivingOperand(*op);
      if (!replacement)
        continue;
      for (ir::Value *operand : op->operands())
        if (operand != replacement)
          constants.insert(operand->definingOp());
      graph->replaceAllUsesWith(op->result(), replacement);
      erased.insert(op.get());
    }
    if (erased.empty())
      continue;
    graph->eraseOps([&](const ir::Operation &op) { return erased.count(&op) != 0; });
    // Constants that fed only the erased multiplications are dead now.
    llvm::DenseMap<const ir::Value *, unsigned> uses = graph->useCounts();
    graph->eraseOps([&](const ir::Operation &op) {
      return constants.count(&op) && uses.lookup(op.result()) == 0;
    });
    // The graph changed: a memory plan made before this pass is stale.
    context.memoryPlans.erase(graph.get());
  }
  return true;
}

} // namespace thymos::examples
