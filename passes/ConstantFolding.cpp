//===- ConstantFolding.cpp - Evaluating elementwise ops on constants --------===//
//
// The arithmetic follows the CPU runtime (runtime/cpu/Elementwise.cpp and
// Cast.cpp), so a folded plan computes what the unfolded one would:
//  - floats are computed in double and rounded once to the element type
//    (f32: round to nearest even). The runtime computes f32 ops in float, so
//    the two can differ in the last bit for exp, tanh and the like; the
//    folded value is the more accurate one.
//  - integers wrap on overflow (two's complement); division truncates toward
//    zero, and a zero divisor or MIN / -1 is not folded: at run time that is
//    an error, and folding must not turn it into a value.
//  - cast to an integer truncates toward zero and saturates, NaN gives 0.
// f16 and bf16 are left alone: rounding to them correctly lives in codegen
// and the runtime, and passes do not depend on either. Quantized types are
// not elementwise-foldable at all.
//
//===----------------------------------------------------------------------===//

#include "passes/ConstantFolding.h"

#include "ir/Ops.h"
#include "runtime/cpu/ElementwiseMath.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

namespace thymos::passes {

namespace {

using ir::DType;
using ir::OpKind;
using ir::TensorType;

bool isFoldableDType(DType dtype) {
  return dtype == DType::F64 || dtype == DType::F32 || dtype == DType::I32 || dtype == DType::I8;
}

bool isIntegerDType(DType dtype) { return dtype == DType::I32 || dtype == DType::I8; }

/// `v` as an element of `dtype` holds it (floats rounded, integers as written:
/// the verifier has checked that they are integral and in range).
double storedValue(DType dtype, double v) {
  if (dtype != DType::F32)
    return v;
  // Converting a double beyond float's range is undefined in C++; IEEE
  // rounding sends it to FLT_MAX below the halfway point to 2^128, else to
  // inf (the tie goes to inf, whose "mantissa" is even).
  constexpr double kHalfwayToInf = 0x1.ffffffp127;
  if (std::fabs(v) > std::numeric_limits<float>::max() && !std::isinf(v))
    return std::copysign(std::fabs(v) >= kHalfwayToInf ? HUGE_VAL
                                                       : std::numeric_limits<float>::max(),
                         v);
  return static_cast<double>(static_cast<float>(v));
}

/// Two's complement wrap-around of `v` into `dtype`.
int64_t wrapInteger(DType dtype, int64_t v) {
  if (dtype == DType::I8)
    return static_cast<int8_t>(static_cast<uint8_t>(static_cast<uint64_t>(v)));
  return static_cast<int32_t>(static_cast<uint32_t>(static_cast<uint64_t>(v)));
}

/// The elements of a `const` operand, read through broadcasting.
struct ConstOperand {
  const TensorType *type = nullptr;
  const ir::Attribute *value = nullptr;

  double element(int64_t i) const {
    double v = value->form() == ir::Attribute::Form::Array ? value->arrayValues()[i]
                                                           : value->asFloat();
    return storedValue(type->dtype(), v);
  }
};

std::optional<ConstOperand> constOperand(const ir::Value *v) {
  const ir::Operation *def = v->definingOp();
  if (!def || def->kind() != OpKind::Const || !isFoldableDType(v->type().dtype()))
    return std::nullopt;
  const ir::Attribute *value = ir::ConstAdaptor(*def).value();
  if (!value)
    return std::nullopt;
  if (value->form() == ir::Attribute::Form::Array) {
    std::optional<int64_t> n = v->type().numElements();
    if (!n || static_cast<int64_t>(value->arrayValues().size()) != *n)
      return std::nullopt;
  }
  return ConstOperand{&v->type(), value};
}

/// For each result element in row-major order, the index of the operand
/// element it reads under NumPy broadcasting.
std::vector<int64_t> broadcastIndices(const TensorType &operand, const TensorType &result,
                                      int64_t count) {
  llvm::ArrayRef<int64_t> in = operand.dims(), out = result.dims();
  size_t offset = out.size() - in.size();
  std::vector<int64_t> strides(out.size(), 0);
  int64_t stride = 1;
  for (size_t j = in.size(); j-- > 0;) {
    strides[offset + j] = in[j] == 1 ? 0 : stride;
    stride *= in[j];
  }
  std::vector<int64_t> indices(count);
  for (int64_t i = 0; i < count; ++i) {
    int64_t rest = i, index = 0;
    for (size_t k = out.size(); k-- > 0;) {
      index += (rest % out[k]) * strides[k];
      rest /= out[k];
    }
    indices[i] = index;
  }
  return indices;
}

/// The kernels' own functors (runtime/cpu/ElementwiseMath.h), on doubles.
std::optional<double> foldFloatUnary(OpKind kind, double x) {
  std::optional<double> r;
  rt::elementwise::visitUnary(static_cast<rt::OpKind>(kind), [&](auto fn) { r = fn(x); });
  return r;
}

std::optional<int64_t> foldIntegerUnary(OpKind kind, int64_t x) {
  switch (kind) {
  case OpKind::Neg: return -x; // wrapped by the caller: -MIN stays MIN
  case OpKind::Relu: return x < 0 ? 0 : x;
  default: return std::nullopt;
  }
}

double foldFloatBinary(OpKind kind, double a, double b) {
  double r = 0;
  rt::elementwise::visitBinary(static_cast<rt::OpKind>(kind), [&](auto fn) { r = fn(a, b); });
  return r;
}

/// Nullopt for a division that fails at run time.
std::optional<int64_t> foldIntegerBinary(OpKind kind, DType dtype, int64_t a, int64_t b) {
  // Operands are i32 or i8, so sums and products are exact in int64.
  switch (kind) {
  case OpKind::Add: return a + b;
  case OpKind::Sub: return a - b;
  case OpKind::Mul: return a * b;
  default: {
    int64_t min = dtype == DType::I8 ? INT8_MIN : INT32_MIN;
    if (b == 0 || (a == min && b == -1))
      return std::nullopt;
    return a / b;
  }
  }
}

/// cast's conversion of one (stored) source value into `to`.
double castValue(DType to, double v) {
  if (!isIntegerDType(to))
    return storedValue(to, v);
  if (std::isnan(v))
    return 0;
  double lo = to == DType::I8 ? -128.0 : -2147483648.0;
  double hi = to == DType::I8 ? 127.0 : 2147483647.0;
  v = std::trunc(v);
  return v < lo ? lo : v > hi ? hi : v;
}

/// Every element of `result` from its operands; false when an element does
/// not fold.
bool computeElements(const ir::Operation &op, llvm::ArrayRef<ConstOperand> operands,
                     const TensorType &result, int64_t count, std::vector<double> &values) {
  OpKind kind = op.kind();
  DType dtype = result.dtype();
  bool integer = isIntegerDType(dtype);
  values.resize(count);
  if (kind == OpKind::Cast) {
    for (int64_t i = 0; i < count; ++i)
      values[i] = castValue(dtype, operands[0].element(i));
    return true;
  }
  if (operands.size() == 1) {
    for (int64_t i = 0; i < count; ++i) {
      double x = operands[0].element(i);
      if (integer) {
        std::optional<int64_t> r = foldIntegerUnary(kind, static_cast<int64_t>(x));
        if (!r)
          return false;
        values[i] = static_cast<double>(wrapInteger(dtype, *r));
        continue;
      }
      std::optional<double> r = foldFloatUnary(kind, x);
      if (!r)
        return false;
      values[i] = storedValue(dtype, *r);
    }
    return true;
  }
  std::vector<int64_t> lhsIndex = broadcastIndices(*operands[0].type, result, count);
  std::vector<int64_t> rhsIndex = broadcastIndices(*operands[1].type, result, count);
  for (int64_t i = 0; i < count; ++i) {
    double a = operands[0].element(lhsIndex[i]), b = operands[1].element(rhsIndex[i]);
    if (!integer) {
      values[i] = storedValue(dtype, foldFloatBinary(kind, a, b));
      continue;
    }
    std::optional<int64_t> r =
        foldIntegerBinary(kind, dtype, static_cast<int64_t>(a), static_cast<int64_t>(b));
    if (!r)
      return false;
    values[i] = static_cast<double>(wrapInteger(dtype, *r));
  }
  return true;
}

bool isFoldableKind(OpKind kind) {
  return kind == OpKind::Cast || rt::elementwise::arity(static_cast<rt::OpKind>(kind)) != 0;
}

/// True when `operand`'s shape broadcasts to `result`'s (NumPy's rules).
bool broadcastsTo(const TensorType &operand, const TensorType &result) {
  llvm::ArrayRef<int64_t> in = operand.dims(), out = result.dims();
  if (in.size() > out.size())
    return false;
  for (size_t j = 0; j < in.size(); ++j) {
    int64_t o = out[out.size() - in.size() + j];
    if (in[j] != 1 && in[j] != o)
      return false;
  }
  return true;
}

bool sameBits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

} // namespace

std::optional<double> constSplatValue(const ir::Operation &op) {
  if (op.kind() != OpKind::Const || op.numResults() != 1)
    return std::nullopt;
  std::optional<ConstOperand> c = constOperand(op.result());
  if (!c)
    return std::nullopt;
  if (c->value->form() != ir::Attribute::Form::Array)
    return c->element(0);
  llvm::ArrayRef<double> values = c->value->arrayValues();
  if (values.empty())
    return std::nullopt;
  double first = c->element(0);
  for (size_t i = 1; i < values.size(); ++i)
    if (c->element(static_cast<int64_t>(i)) != first)
      return std::nullopt;
  return first;
}

std::optional<ir::Attribute> foldConstantOp(const ir::Operation &op) {
  if (!isFoldableKind(op.kind()) || op.numResults() != 1 || op.numOperands() == 0 ||
      op.numOperands() > 2)
    return std::nullopt;
  const TensorType &result = op.result()->type();
  if (!isFoldableDType(result.dtype()))
    return std::nullopt;
  std::optional<int64_t> count = result.numElements();
  if (!count || *count <= 0 || *count > kMaxFoldedElements)
    return std::nullopt;
  llvm::SmallVector<ConstOperand, 2> operands;
  for (const ir::Value *operand : op.operands()) {
    std::optional<ConstOperand> c = constOperand(operand);
    if (!c)
      return std::nullopt;
    operands.push_back(*c);
  }
  // The verifier guarantees these; an unverified module just does not fold.
  if (op.kind() != OpKind::Cast && operands[0].type->dtype() != result.dtype())
    return std::nullopt;
  for (const ConstOperand &operand : operands)
    if (!broadcastsTo(*operand.type, result) ||
        (operands.size() == 1 && operand.type->dims() != result.dims()))
      return std::nullopt;
  std::vector<double> values;
  if (!computeElements(op, operands, result, *count, values))
    return std::nullopt;
  bool splat = true;
  for (double v : values)
    splat &= sameBits(v, values[0]);
  if (splat)
    return splatAttribute(result.dtype(), values[0]);
  return ir::Attribute::array(result.dims(), std::move(values), isIntegerDType(result.dtype()));
}

ir::Attribute splatAttribute(ir::DType dtype, double value) {
  if (isIntegerDType(dtype))
    return ir::Attribute::integer(static_cast<int64_t>(value));
  return ir::Attribute::floating(value);
}

} // namespace thymos::passes
