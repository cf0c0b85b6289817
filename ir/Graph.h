//===- Graph.h - A named, typed computation ---------------------------------===//
//
// `graph @predict(%x: f32[64,4]) -> f32[64,1] { ... return %y }`: arguments,
// a straight-line list of ops in execution order, and the returned values.
// The graph owns its values and ops.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "ir/Operation.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLFunctionalExtras.h"

#include <memory>
#include <string>
#include <vector>

namespace thymos::ir {

class Graph {
public:
  explicit Graph(std::string name, llvm::SMLoc loc = {}) : name_(std::move(name)), loc_(loc) {}
  Graph(const Graph &) = delete;
  Graph &operator=(const Graph &) = delete;

  const std::string &name() const { return name_; }
  llvm::SMLoc loc() const { return loc_; }

  Value *addArgument(std::string name, TensorType type, llvm::SMLoc loc = {});
  llvm::ArrayRef<Value *> arguments() const { return arguments_; }

  /// A value holding `state`'s contents at the start of a run.
  Value *addStateRead(std::string name, const StateDecl *state, llvm::SMLoc loc = {});
  llvm::ArrayRef<Value *> stateReads() const { return stateReads_; }

  /// `update @state = %value`: applied after the graph has run, so every read
  /// of the state during the run sees the old contents.
  struct StateUpdate {
    const StateDecl *state;
    Value *value;
    llvm::SMLoc loc;      // of the state name
    llvm::SMLoc valueLoc; // of the value name
  };
  void addUpdate(const StateDecl *state, Value *value, llvm::SMLoc loc = {},
                 llvm::SMLoc valueLoc = {});
  llvm::ArrayRef<StateUpdate> updates() const { return updates_; }

  /// A value with no definition yet: a result-to-be, or a forward reference
  /// that a later op may define.
  Value *createValue(std::string name, llvm::SMLoc loc = {});

  /// Appends an op; its results' types become the codomain.
  Operation *createOp(OperationState &&state);
  /// Appends an op whose domain is the operands' types and whose results are
  /// new values named `resultNames` (empty names are numbered by the printer).
  Operation *addOp(OpKind kind, llvm::ArrayRef<Value *> operands,
                   std::vector<NamedAttribute> attrs, llvm::ArrayRef<TensorType> codomain,
                   llvm::ArrayRef<std::string> resultNames = {});
  const std::vector<std::unique_ptr<Operation>> &ops() const { return ops_; }

  // --- Rewriting, for passes ------------------------------------------------
  /// Inserts an op before position `index` (ops().size() appends); later ops
  /// are renumbered.
  Operation *insertOp(unsigned index, OperationState &&state);
  /// Every use of `from` (operands, returned values, updates) becomes `to`,
  /// which must have the same type.
  void replaceAllUsesWith(const Value *from, Value *to);
  /// Sets operand `i` of `op` (the domain keeps its declared type).
  void setOperand(Operation &op, unsigned i, Value *value);
  /// Removes the ops for which `erase` returns true and renumbers the rest.
  /// Their results must no longer be used.
  void eraseOps(llvm::function_ref<bool(const Operation &)> erase);
  /// How often each value is used by ops, `return` and `update`.
  llvm::DenseMap<const Value *, unsigned> useCounts() const;

  void setResultTypes(std::vector<TensorType> types, std::vector<llvm::SMLoc> locs = {});
  llvm::ArrayRef<TensorType> resultTypes() const { return resultTypes_; }
  llvm::SMLoc resultTypeLoc(unsigned i) const;

  void setReturn(std::vector<Value *> values, llvm::SMLoc loc = {},
                 std::vector<llvm::SMLoc> valueLocs = {});
  bool hasReturn() const { return hasReturn_; }
  llvm::ArrayRef<Value *> returnValues() const { return returnValues_; }
  llvm::SMLoc returnLoc() const { return returnLoc_; }
  llvm::SMLoc returnValueLoc(unsigned i) const;

private:
  std::string name_;
  llvm::SMLoc loc_;
  std::vector<std::unique_ptr<Value>> values_;
  std::vector<Value *> arguments_;
  std::vector<Value *> stateReads_;
  std::vector<StateUpdate> updates_;
  std::vector<std::unique_ptr<Operation>> ops_;
  std::vector<TensorType> resultTypes_;
  std::vector<llvm::SMLoc> resultTypeLocs_;
  bool hasReturn_ = false;
  std::vector<Value *> returnValues_;
  llvm::SMLoc returnLoc_;
  std::vector<llvm::SMLoc> returnValueLocs_;
};

} // namespace thymos::ir
