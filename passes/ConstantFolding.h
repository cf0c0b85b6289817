//===- ConstantFolding.h - Evaluating elementwise ops on constants ----------===//
//
// What canonicalize needs to know about `const` values: whether one is a
// splat of a number (for x*1, x+0, ...), and the value an elementwise op
// computes when all its operands are consts. Values are read as the plan
// stores them: an f32 const written `0.1` holds the float nearest to 0.1.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "ir/Operation.h"

#include <optional>

namespace thymos::passes {

/// Folding stops at results of this many elements: a folded value becomes a
/// constant stored in the plan (and mapped at run time), so folding a large
/// tensor trades a cheap kernel for plan size and load time.
inline constexpr int64_t kMaxFoldedElements = 65536;

/// The one value every element of `op` holds, as its element type stores it,
/// when `op` is a `const` of f64, f32, i32 or i8 whose elements are all equal.
std::optional<double> constSplatValue(const ir::Operation &op);

/// The value `op` computes, when it is an elementwise op (neg exp log sqrt
/// rsqrt relu sigmoid tanh gelu silu add sub mul div, or cast between f64,
/// f32, i32 and i8) of f64, f32, i32 or i8 whose operands are all `const`
/// and whose result has at most kMaxFoldedElements elements. Nullopt when it
/// does not fold, including integer division by zero (and INT_MIN / -1),
/// which fail at run time and must keep doing so.
std::optional<ir::Attribute> foldConstantOp(const ir::Operation &op);

/// A `value` attribute for a const of `dtype` whose elements all hold `value`.
ir::Attribute splatAttribute(ir::DType dtype, double value);

} // namespace thymos::passes
