//===- KernelSupport.cpp - Shared validation for CPU kernels ----------------===//

#include "runtime/cpu/KernelSupport.h"

namespace thymos::rt {

const char *dtypeName(DType dtype) {
  switch (dtype) {
  case DType::F64: return "f64";
  case DType::F32: return "f32";
  case DType::F16: return "f16";
  case DType::BF16: return "bf16";
  case DType::I32: return "i32";
  case DType::I8: return "i8";
  case DType::Q8_0: return "q8_0";
  case DType::Q4_0: return "q4_0";
  case DType::Q4_K: return "q4_k";
  case DType::Q5_K: return "q5_k";
  case DType::Q6_K: return "q6_k";
  }
  return "unknown";
}

std::string shapeStr(const TensorView &t) {
  std::string s = "[";
  for (uint32_t i = 0; i < t.rank && i < kMaxRank; ++i) {
    if (i)
      s += ",";
    s += std::to_string(t.dims[i]);
  }
  return s + "]";
}

Status kernelError(const char *op, const std::string &message) {
  return Status::error(std::string(op) + ": " + message);
}

Status checkArity(const KernelCall &call, const char *op, uint32_t numInputs,
                  uint32_t numParams) {
  if (call.numInputs != numInputs)
    return kernelError(op, "expected " + std::to_string(numInputs) + " inputs, got " +
                               std::to_string(call.numInputs));
  if (call.numParams != numParams)
    return kernelError(op, "expected " + std::to_string(numParams) + " params, got " +
                               std::to_string(call.numParams));
  if (numInputs && !call.inputs)
    return kernelError(op, "inputs are missing");
  if (numParams && !call.params)
    return kernelError(op, "params are missing");
  if (!call.output)
    return kernelError(op, "the result is missing");
  return Status::success();
}

Status checkView(const char *op, const char *what, const TensorView &t) {
  if (static_cast<unsigned>(t.dtype) >= kNumDTypes)
    return kernelError(op, std::string(what) + " has an unknown element type (code " +
                               std::to_string(static_cast<unsigned>(t.dtype)) + ")");
  if (t.rank > kMaxRank)
    return kernelError(op, std::string(what) + " has rank " + std::to_string(t.rank) +
                               ", above the maximum " + std::to_string(kMaxRank));
  // Each dim is at most kMaxElements, so the running product below stays far
  // from overflow before it is compared.
  int64_t count = 1;
  for (uint32_t i = 0; i < t.rank; ++i) {
    if (t.dims[i] <= 0)
      return kernelError(op, std::string(what) + " " + shapeStr(t) + " has dimension " +
                                 std::to_string(i) + " of size " + std::to_string(t.dims[i]) +
                                 ", expected > 0");
    if (t.dims[i] > kMaxElements || count > kMaxElements / t.dims[i])
      return kernelError(op, std::string(what) + " " + shapeStr(t) + " has too many elements");
    count *= t.dims[i];
  }
  return Status::success();
}

Status checkAllViews(const KernelCall &call, const char *op) {
  for (uint32_t i = 0; i < call.numInputs; ++i) {
    std::string what = "input #" + std::to_string(i);
    if (Status s = checkView(op, what.c_str(), call.inputs[i]); !s)
      return s;
  }
  return checkView(op, "result", *call.output);
}

Status checkDType(const char *op, const char *what, DType dtype, uint32_t allowed) {
  if (kDTypeLayouts[static_cast<unsigned>(dtype)].blockElems > 1 && !(allowed & dtypeBit(dtype)))
    return kernelError(op, std::string(what) + " has element type " + dtypeName(dtype) +
                               ": block-quantized types are not supported by the CPU "
                               "kernels yet");
  if (!(allowed & dtypeBit(dtype)))
    return kernelError(op, std::string(what) + " has element type " + dtypeName(dtype) +
                               ", which this kernel does not support");
  return Status::success();
}

bool sameShape(const TensorView &a, const TensorView &b) {
  if (a.rank != b.rank)
    return false;
  for (uint32_t i = 0; i < a.rank; ++i)
    if (a.dims[i] != b.dims[i])
      return false;
  return true;
}

bool broadcastShape(const TensorView &a, const TensorView &b, TensorView &out) {
  uint32_t rank = a.rank > b.rank ? a.rank : b.rank;
  out.rank = rank;
  for (uint32_t i = 0; i < rank; ++i) {
    int64_t da = i < a.rank ? a.dims[a.rank - 1 - i] : 1;
    int64_t db = i < b.rank ? b.dims[b.rank - 1 - i] : 1;
    if (da != db && da != 1 && db != 1)
      return false;
    out.dims[rank - 1 - i] = da == 1 ? db : da;
  }
  return true;
}

bool broadcastsTo(const TensorView &from, const TensorView &to) {
  if (from.rank > to.rank)
    return false;
  uint32_t lead = to.rank - from.rank;
  for (uint32_t i = 0; i < from.rank; ++i)
    if (from.dims[i] != 1 && from.dims[i] != to.dims[lead + i])
      return false;
  return true;
}

} // namespace thymos::rt
