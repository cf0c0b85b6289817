//===- BuiltinPassDecls.h - The IR-simplifying built-in passes --------------===//
//
// canonicalize, cse and dce: each rewrites graphs in place and leaves a module
// that still verifies. They are declared here so that registerBuiltinPasses()
// and tests can name them; each run() lives in the pass's own file.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "passes/Pass.h"

#include "llvm/ADT/DenseMap.h"

namespace thymos::passes {

/// Algebraic identities (x*1, x+0, neg(neg(x)), no-op reshape/transpose/cast/
/// broadcast, ...) and constant folding of elementwise ops, to a fixed point.
class CanonicalizePass final : public Pass {
public:
  llvm::StringRef name() const override { return "canonicalize"; }
  llvm::StringRef description() const override {
    return "Apply algebraic identities and fold constant elementwise ops";
  }
  bool run(ir::Module &module, PassContext &context) override;
};

/// Removes ops whose results nothing uses.
class DeadCodeEliminationPass final : public Pass {
public:
  llvm::StringRef name() const override { return "dce"; }
  llvm::StringRef description() const override {
    return "Remove ops whose results are not used by any op, return or update";
  }
  bool run(ir::Module &module, PassContext &context) override;
};

/// Merges ops (and consts) that compute the same value.
class CommonSubexpressionEliminationPass final : public Pass {
public:
  llvm::StringRef name() const override { return "cse"; }
  llvm::StringRef description() const override {
    return "Merge ops with the same kind, operands, attributes and types";
  }
  bool run(ir::Module &module, PassContext &context) override;
};

/// Makes `return` and `update` use `replacements[v]` wherever they used `v`.
/// Canonicalize and cse rewrite op operands with setOperand during their
/// forward sweep (linear) and call this once at the end; replaceAllUsesWith
/// per value would scan the whole graph each time.
inline void replaceGraphResultUses(ir::Graph &graph,
                                   const llvm::DenseMap<const ir::Value *, ir::Value *> &replacements) {
  if (replacements.empty())
    return;
  if (graph.hasReturn()) {
    std::vector<ir::Value *> values(graph.returnValues().begin(), graph.returnValues().end());
    std::vector<llvm::SMLoc> locs;
    bool changed = false;
    for (unsigned i = 0; i < values.size(); ++i) {
      locs.push_back(graph.returnValueLoc(i));
      if (ir::Value *to = replacements.lookup(values[i])) {
        values[i] = to;
        changed = true;
      }
    }
    if (changed)
      graph.setReturn(std::move(values), graph.returnLoc(), std::move(locs));
  }
  // Updates have no setter; a graph has few of them, so the scan is cheap.
  std::vector<const ir::Value *> updated;
  for (const ir::Graph::StateUpdate &u : graph.updates())
    if (replacements.count(u.value))
      updated.push_back(u.value);
  for (const ir::Value *from : updated)
    graph.replaceAllUsesWith(from, replacements.lookup(from));
}

} // namespace thymos::passes
