//===- Operation.h - Values and the ops that define them -------------------===//
//
// A graph is straight-line SSA: every Value is a graph argument or the result
// of exactly one Operation. Each Operation records both its operands and the
// domain it declares for them, and its results carry the declared codomain;
// the verifier checks that these agree with each other and with the op's type
// rule. Source locations are kept for diagnostics (invalid when the IR was
// built in code).
//
//===----------------------------------------------------------------------===//
#pragma once

#include "ir/Attribute.h"
#include "ir/OpInfo.h"
#include "ir/TensorType.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/SMLoc.h"

#include <string>
#include <vector>

namespace thymos::ir {

class Graph;
class Operation;

/// `state @w : f64[30,1]`: a tensor that persists across runs of the
/// module's graphs (weights being trained, a KV cache). Graphs read it
/// through a state binding and write it with `update`.
struct StateDecl {
  std::string name;
  TensorType type;
  llvm::SMLoc loc;
  llvm::SMLoc typeLoc;
};

class Value {
public:
  const std::string &name() const { return name_; }
  const TensorType &type() const { return type_; }
  /// The op whose result this is; null for graph arguments.
  Operation *definingOp() const { return def_; }
  unsigned resultIndex() const { return resultIndex_; }
  bool isArgument() const { return argIndex_ >= 0; }
  int argumentIndex() const { return argIndex_; }
  /// The module state this value reads (`state(%w = @w)`), or null.
  const StateDecl *readsState() const { return state_; }
  bool isDefined() const { return def_ || isArgument() || state_; }
  /// Where the value is defined (or first mentioned, while undefined).
  llvm::SMLoc loc() const { return loc_; }
  Graph *parent() const { return parent_; }

private:
  friend class Graph;
  std::string name_;
  TensorType type_;
  Operation *def_ = nullptr;
  unsigned resultIndex_ = 0;
  int argIndex_ = -1;
  const StateDecl *state_ = nullptr;
  llvm::SMLoc loc_;
  Graph *parent_ = nullptr;
};

struct NamedAttribute {
  std::string name;
  Attribute value;
  llvm::SMLoc loc; // of the name
};

/// Everything needed to create an Operation; the parser fills it field by
/// field, Graph::addOp from operand values.
struct OperationState {
  OpKind kind;
  llvm::SMLoc loc; // of the op name
  llvm::SmallVector<Value *, 2> operands;
  llvm::SmallVector<llvm::SMLoc, 2> operandLocs;
  llvm::SmallVector<TensorType, 2> domain;
  llvm::SmallVector<llvm::SMLoc, 2> domainLocs;
  std::vector<NamedAttribute> attrs;
  /// Result values made with Graph::createValue; their types are set from
  /// `codomain` when the op is created.
  llvm::SmallVector<Value *, 1> results;
  llvm::SmallVector<TensorType, 1> codomain;
  llvm::SmallVector<llvm::SMLoc, 1> codomainLocs;
};

class Operation {
public:
  OpKind kind() const { return kind_; }
  const OpInfo &info() const { return getOpInfo(kind_); }
  llvm::StringRef name() const { return info().name; }
  llvm::SMLoc loc() const { return loc_; }
  Graph *parent() const { return parent_; }
  /// Position in the parent graph's op list.
  unsigned index() const { return index_; }

  llvm::ArrayRef<Value *> operands() const { return operands_; }
  Value *operand(unsigned i) const { return operands_[i]; }
  unsigned numOperands() const { return static_cast<unsigned>(operands_.size()); }
  /// Locations of the operand names (invalid entries when built in code).
  llvm::SMLoc operandLoc(unsigned i) const;

  llvm::ArrayRef<TensorType> domain() const { return domain_; }
  llvm::SMLoc domainLoc(unsigned i) const;

  llvm::ArrayRef<Value *> results() const { return results_; }
  Value *result(unsigned i = 0) const { return results_[i]; }
  unsigned numResults() const { return static_cast<unsigned>(results_.size()); }
  /// The declared result types.
  llvm::SmallVector<TensorType, 1> codomain() const;
  llvm::SMLoc codomainLoc(unsigned i) const;

  llvm::ArrayRef<NamedAttribute> attrs() const { return attrs_; }
  const NamedAttribute *findNamedAttr(llvm::StringRef attrName) const;
  const Attribute *findAttr(llvm::StringRef attrName) const;

  // Typed reads for the generated adaptors and the type rules. An absent
  // attribute reads as the default Ops.td declares for this op (AttrSpec);
  // one of another form (which the verifier reports) reads as zero.
  int64_t intAttr(llvm::StringRef attrName) const;
  double floatAttr(llvm::StringRef attrName) const;
  bool boolAttr(llvm::StringRef attrName) const;
  llvm::SmallVector<int64_t, 4> intArrayAttr(llvm::StringRef attrName) const;

private:
  friend class Graph;
  OpKind kind_;
  llvm::SMLoc loc_;
  Graph *parent_ = nullptr;
  unsigned index_ = 0;
  llvm::SmallVector<Value *, 2> operands_;
  llvm::SmallVector<llvm::SMLoc, 2> operandLocs_;
  llvm::SmallVector<TensorType, 2> domain_;
  llvm::SmallVector<llvm::SMLoc, 2> domainLocs_;
  llvm::SmallVector<Value *, 1> results_;
  llvm::SmallVector<llvm::SMLoc, 1> codomainLocs_;
  std::vector<NamedAttribute> attrs_;
};

} // namespace thymos::ir
