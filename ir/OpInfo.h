//===- OpInfo.h - What the IR knows about each kind of op ------------------===//
//
// The OpKind enum and the OpInfo table are generated from Ops.td. Parser,
// printer and verifier are driven by this table; none of them has a switch
// over op kinds.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "ir/Attribute.h"
#include "ir/TensorType.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <optional>

namespace thymos::ir {

#include "ir/OpKinds.h.inc"

class Operation;

/// An operand or result slot: its name in Ops.td and the element types it
/// accepts.
struct OperandSpec {
  const char *name;
  uint32_t dtypeMask; // dtypeBit() of each accepted element type
  const char *constraint; // "tensor of f64, f32, f16 or bf16 values"
  bool variadic;

  bool accepts(DType dtype) const { return (dtypeMask & dtypeBit(dtype)) != 0; }
};

struct AttrSpec {
  const char *name;
  AttrKind kind;
  const char *kindDescription; // "integer array"
  bool required;
  const char *defaultValue; // C++ literal, for documentation
  /// The value of an absent optional attribute, by kind (arrays: empty).
  /// The only copy of a default: adaptors and type rules read it from here.
  int64_t defaultInteger;
  double defaultFloat;
  bool defaultBool;
};

/// What a type rule sees: the op (for its attributes), its declared domain,
/// and its declared codomain (ops such as reshape take their target shape
/// from it).
struct TypeRuleContext {
  const Operation &op;
  llvm::ArrayRef<TensorType> domain;
  llvm::ArrayRef<TensorType> codomain;
};

/// Derives an op's result type, or explains why the operands do not fit.
using TypeRuleFn = llvm::Expected<TensorType> (*)(const TypeRuleContext &);

struct OpInfo {
  OpKind kind;
  const char *name;
  const char *summary;
  const OperandSpec *operandSpecs;
  unsigned numOperandSpecs;
  const AttrSpec *attrSpecs;
  unsigned numAttrSpecs;
  const OperandSpec *resultSpecs;
  unsigned numResultSpecs;
  uint32_t traits;
  TypeRuleFn typeRule;

  llvm::ArrayRef<OperandSpec> operands() const { return {operandSpecs, numOperandSpecs}; }
  llvm::ArrayRef<AttrSpec> attrs() const { return {attrSpecs, numAttrSpecs}; }
  llvm::ArrayRef<OperandSpec> results() const { return {resultSpecs, numResultSpecs}; }
  bool isVariadic() const { return numOperandSpecs && operandSpecs[numOperandSpecs - 1].variadic; }
  bool hasTrait(OpTrait trait) const { return (traits & trait) != 0; }
  const AttrSpec *findAttr(llvm::StringRef attrName) const;
  /// The spec that operand #index is checked against (variadic tails repeat).
  const OperandSpec &operandSpec(unsigned index) const;
};

const OpInfo &getOpInfo(OpKind kind);
std::optional<OpKind> lookupOpKind(llvm::StringRef name);
llvm::ArrayRef<OpInfo> allOpInfos();

} // namespace thymos::ir
