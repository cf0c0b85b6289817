//===- TypeRules.h - How each op's codomain follows from its domain ---------===//
//
// One function per family of ops, named by the `typeRule` field in Ops.td.
// Each derives the result type from the declared domain (and attributes, and
// for ops like reshape the declared codomain's shape) or returns an error
// whose text completes "'<op>' op ...". Attributes are already known to be
// present and of the right kind when a rule runs.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "ir/OpInfo.h"

#include <optional>

namespace thymos::ir {

llvm::Expected<TensorType> inferConst(const TypeRuleContext &ctx);
llvm::Expected<TensorType> inferGgufTensor(const TypeRuleContext &ctx);
llvm::Expected<TensorType> inferMatMul(const TypeRuleContext &ctx);
llvm::Expected<TensorType> inferCholesky(const TypeRuleContext &ctx);
llvm::Expected<TensorType> inferTriangularSolve(const TypeRuleContext &ctx);
llvm::Expected<TensorType> inferBroadcastBinary(const TypeRuleContext &ctx);
llvm::Expected<TensorType> inferSameAsOperand(const TypeRuleContext &ctx);
llvm::Expected<TensorType> inferCast(const TypeRuleContext &ctx);
llvm::Expected<TensorType> inferSoftmax(const TypeRuleContext &ctx);
llvm::Expected<TensorType> inferReduce(const TypeRuleContext &ctx);
llvm::Expected<TensorType> inferNormalization(const TypeRuleContext &ctx);
llvm::Expected<TensorType> inferTranspose(const TypeRuleContext &ctx);
llvm::Expected<TensorType> inferReshape(const TypeRuleContext &ctx);
llvm::Expected<TensorType> inferBroadcastTo(const TypeRuleContext &ctx);
llvm::Expected<TensorType> inferSlice(const TypeRuleContext &ctx);
llvm::Expected<TensorType> inferConcat(const TypeRuleContext &ctx);
llvm::Expected<TensorType> inferGather(const TypeRuleContext &ctx);
llvm::Expected<TensorType> inferRope(const TypeRuleContext &ctx);
llvm::Expected<TensorType> inferRopeScaled(const TypeRuleContext &ctx);
llvm::Expected<TensorType> inferFused(const TypeRuleContext &ctx); // ir/FusedRules.cpp
llvm::Expected<TensorType> inferCacheWrite(const TypeRuleContext &ctx); // ir/AttentionRules.cpp
llvm::Expected<TensorType> inferAttention(const TypeRuleContext &ctx);  // ir/AttentionRules.cpp

/// NumPy broadcasting of two shapes, or nullopt when they do not broadcast.
std::optional<llvm::SmallVector<int64_t, 4>> broadcastShapes(llvm::ArrayRef<int64_t> a,
                                                             llvm::ArrayRef<int64_t> b);

/// `[64,4]`, for diagnostics.
std::string shapeStr(llvm::ArrayRef<int64_t> dims);

} // namespace thymos::ir
