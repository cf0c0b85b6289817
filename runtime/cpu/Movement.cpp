//===- Movement.cpp - transpose, reshape, broadcast, slice, concat, gather --===//
//
// Data movement never looks at values, so these kernels copy elements as
// opaque units of elementBytes() for every plain dtype. transpose, broadcast
// and slice are one strided gather: the output is written in order while the
// input is read through per-dimension strides (permuted, 0 for broadcast
// dims, scaled by the slice steps). The one exception is gather from a
// block-quantized table (an embedding lookup), which dequantizes the rows it picks.
//
//===----------------------------------------------------------------------===//

#include "runtime/cpu/KernelSupport.h"
#include "runtime/cpu/BlockCodec.h"

namespace thymos::rt {

namespace {

//===----------------------------------------------------------------------===//
// The strided copy behind transpose, broadcast and slice
//===----------------------------------------------------------------------===//

/// dst[index] = src[offset + sum_d index[d]·strides[d]] over out's dims, with
/// dst dense. E is an unsigned integer of the element's size.
template <typename E>
void stridedCopy(const void *srcBase, int64_t offset, const int64_t *strides,
                 const TensorView &out) {
  const E *src = static_cast<const E *>(srcBase);
  E *dst = out.as<E>();
  if (out.rank == 0) {
    dst[0] = src[offset];
    return;
  }
  uint32_t r = out.rank;
  int64_t inner = out.dims[r - 1], step = strides[r - 1];
  int64_t index[kMaxRank] = {};
  do {
    const E *s = src + offset;
    for (int64_t i = 0; i < inner; ++i)
      dst[i] = s[i * step];
    dst += inner;
  } while (nextIndex(index, out.dims, r, 1, strides, offset));
}

void stridedCopyAny(const TensorView &in, int64_t offset, const int64_t *strides,
                    const TensorView &out) {
  switch (elementBytes(in.dtype)) {
  case 1: return stridedCopy<uint8_t>(in.data, offset, strides, out);
  case 2: return stridedCopy<uint16_t>(in.data, offset, strides, out);
  case 4: return stridedCopy<uint32_t>(in.data, offset, strides, out);
  case 8: return stridedCopy<uint64_t>(in.data, offset, strides, out);
  default: return; // check() admits nothing else
  }
}

/// The checks every movement kernel starts with: arity, views, a plain dtype
/// shared by `input #0` and the result.
Status movementCheck(const KernelCall &call, const char *op, uint32_t numInputs,
                     uint32_t numParams) {
  if (Status s = checkArity(call, op, numInputs, numParams); !s)
    return s;
  if (Status s = checkAllViews(call, op); !s)
    return s;
  const TensorView &x = call.inputs[0], &y = *call.output;
  if (Status s = checkDType(op, "operand", x.dtype, kPlainDTypes); !s)
    return s;
  if (y.dtype != x.dtype)
    return kernelError(op, std::string("result element type ") + dtypeName(y.dtype) +
                               " differs from the operand's " + dtypeName(x.dtype));
  return Status::success();
}

//===----------------------------------------------------------------------===//
// transpose: out[i_0..i_r] = in[j] with j[perm[d]] = i_d
//===----------------------------------------------------------------------===//

Status transposeCheck(const KernelCall &call) {
  const char *op = "transpose";
  if (call.numInputs == 1 && call.inputs && call.numParams != call.inputs[0].rank)
    return kernelError(op, "perm has " + std::to_string(call.numParams) +
                               " entries but the operand has rank " +
                               std::to_string(call.inputs[0].rank));
  uint32_t rank = call.numInputs == 1 && call.inputs ? call.inputs[0].rank : 0;
  if (Status s = movementCheck(call, op, 1, rank); !s)
    return s;
  const TensorView &x = call.inputs[0], &y = *call.output;
  bool seen[kMaxRank] = {};
  TensorView expected;
  expected.rank = x.rank;
  for (uint32_t i = 0; i < x.rank; ++i) {
    int64_t p = call.params[i];
    if (p < 0 || p >= static_cast<int64_t>(x.rank) || seen[p])
      return kernelError(op, "perm is not a permutation of 0.." + std::to_string(x.rank - 1) +
                                 " (entry " + std::to_string(i) + " is " + std::to_string(p) +
                                 ")");
    seen[p] = true;
    expected.dims[i] = x.dims[p];
  }
  if (!sameShape(y, expected))
    return kernelError(op, "result shape " + shapeStr(y) + " should be " + shapeStr(expected));
  return Status::success();
}

Status transposeRun(const KernelCall &call, ThreadPool *) {
  const TensorView &x = call.inputs[0];
  int64_t inStrides[kMaxRank], strides[kMaxRank];
  rowMajorStrides(x, inStrides);
  for (uint32_t i = 0; i < x.rank; ++i)
    strides[i] = inStrides[call.params[i]];
  stridedCopyAny(x, 0, strides, *call.output);
  return Status::success();
}

//===----------------------------------------------------------------------===//
// reshape: the same elements in the same order
//===----------------------------------------------------------------------===//

Status reshapeCheck(const KernelCall &call) {
  const char *op = "reshape";
  if (Status s = movementCheck(call, op, 1, 0); !s)
    return s;
  const TensorView &x = call.inputs[0], &y = *call.output;
  if (x.numElements() != y.numElements())
    return kernelError(op, "cannot reshape " + shapeStr(x) + " (" +
                               std::to_string(x.numElements()) + " elements) into " +
                               shapeStr(y) + " (" + std::to_string(y.numElements()) +
                               " elements)");
  return Status::success();
}

Status reshapeRun(const KernelCall &call, ThreadPool *) {
  const TensorView &x = call.inputs[0], &y = *call.output;
  // memmove: a reshape is view-like, so the planner may give both one buffer.
  std::memmove(y.data, x.data, static_cast<size_t>(x.numElements()) * elementBytes(x.dtype));
  return Status::success();
}

//===----------------------------------------------------------------------===//
// broadcast: out[i] = in[i with broadcast dims pinned to 0]
//===----------------------------------------------------------------------===//

Status broadcastCheck(const KernelCall &call) {
  const char *op = "broadcast";
  if (Status s = movementCheck(call, op, 1, 0); !s)
    return s;
  const TensorView &x = call.inputs[0], &y = *call.output;
  if (!broadcastsTo(x, y))
    return kernelError(op, shapeStr(x) + " does not broadcast to shape " + shapeStr(y));
  return Status::success();
}

Status broadcastRun(const KernelCall &call, ThreadPool *) {
  int64_t strides[kMaxRank];
  broadcastStrides(call.inputs[0], *call.output, strides);
  stridedCopyAny(call.inputs[0], 0, strides, *call.output);
  return Status::success();
}

//===----------------------------------------------------------------------===//
// slice: out[i] = in[starts + i·steps]
//===----------------------------------------------------------------------===//

Status sliceCheck(const KernelCall &call) {
  const char *op = "slice";
  uint32_t rank = call.numInputs == 1 && call.inputs ? call.inputs[0].rank : 0;
  if (Status s = movementCheck(call, op, 1, 2 * rank); !s)
    return s;
  const TensorView &x = call.inputs[0], &y = *call.output;
  if (y.rank != x.rank)
    return kernelError(op, "result rank " + std::to_string(y.rank) + " differs from the "
                               "operand's " + std::to_string(x.rank));
  for (uint32_t d = 0; d < x.rank; ++d) {
    int64_t start = call.params[d], step = call.params[rank + d];
    if (step < 1)
      return kernelError(op, "step " + std::to_string(step) + " of dimension " +
                                 std::to_string(d) + " must be positive");
    // The last index read, start + (count-1)·step, must stay below the size;
    // dividing instead of multiplying keeps the test free of overflow.
    if (start < 0 || start >= x.dims[d] || (y.dims[d] - 1) > (x.dims[d] - 1 - start) / step)
      return kernelError(op, "dimension " + std::to_string(d) + " of size " +
                                 std::to_string(x.dims[d]) + " cannot give " +
                                 std::to_string(y.dims[d]) + " elements from " +
                                 std::to_string(start) + " in steps of " +
                                 std::to_string(step));
  }
  return Status::success();
}

Status sliceRun(const KernelCall &call, ThreadPool *) {
  const TensorView &x = call.inputs[0];
  int64_t inStrides[kMaxRank], strides[kMaxRank];
  rowMajorStrides(x, inStrides);
  int64_t offset = 0;
  for (uint32_t d = 0; d < x.rank; ++d) {
    offset += call.params[d] * inStrides[d];
    // check() bounds step·(count-1) by the size, so the product cannot
    // overflow, except for a single element, whose step is never used
    // (and may be anything).
    strides[d] = call.output->dims[d] == 1 ? 0 : call.params[x.rank + d] * inStrides[d];
  }
  stridedCopyAny(x, offset, strides, *call.output);
  return Status::success();
}

//===----------------------------------------------------------------------===//
// concat: along axis, input 0's block, then input 1's, ... per outer index
//===----------------------------------------------------------------------===//

Status concatCheck(const KernelCall &call) {
  const char *op = "concat";
  if (call.numInputs == 0)
    return kernelError(op, "expected at least one input");
  if (Status s = movementCheck(call, op, call.numInputs, 1); !s)
    return s;
  const TensorView &first = call.inputs[0], &y = *call.output;
  int64_t axis = call.params[0];
  if (axis < 0 || axis >= static_cast<int64_t>(first.rank))
    return kernelError(op, "axis " + std::to_string(axis) + " is out of range for rank " +
                               std::to_string(first.rank));
  if (y.rank != first.rank)
    return kernelError(op, "result rank " + std::to_string(y.rank) + " differs from input "
                               "#0's " + std::to_string(first.rank));
  int64_t total = 0;
  for (uint32_t i = 0; i < call.numInputs; ++i) {
    const TensorView &t = call.inputs[i];
    std::string name = "input #" + std::to_string(i);
    if (t.dtype != first.dtype || t.rank != first.rank)
      return kernelError(op, name + " " + dtypeName(t.dtype) + shapeStr(t) +
                                 " does not match input #0 " + dtypeName(first.dtype) +
                                 shapeStr(first) + " in element type and rank");
    for (uint32_t d = 0; d < t.rank; ++d)
      if (d != axis && t.dims[d] != y.dims[d])
        return kernelError(op, name + " has size " + std::to_string(t.dims[d]) +
                                   " in dimension " + std::to_string(d) + ", but the result "
                                   "has " + std::to_string(y.dims[d]));
    // Each addend is <= kMaxElements, so the sum cannot overflow before the
    // comparison stops it.
    total += t.dims[axis];
    if (total > y.dims[axis])
      break;
  }
  if (total != y.dims[axis])
    return kernelError(op, "the inputs' sizes along axis " + std::to_string(axis) +
                               " do not add up to the result's " +
                               std::to_string(y.dims[axis]));
  return Status::success();
}

Status concatRun(const KernelCall &call, ThreadPool *) {
  const TensorView &y = *call.output;
  auto axis = static_cast<uint32_t>(call.params[0]);
  int64_t outer = 1, innerBytes = elementBytes(y.dtype);
  for (uint32_t d = 0; d < axis; ++d)
    outer *= y.dims[d];
  for (uint32_t d = axis + 1; d < y.rank; ++d)
    innerBytes *= y.dims[d];
  auto *dst = static_cast<unsigned char *>(y.data);
  // memmove: a plan (untrusted) may overlap the output with an input; the
  // result is then meaningless, but the copy stays well defined.
  for (int64_t o = 0; o < outer; ++o)
    for (uint32_t i = 0; i < call.numInputs; ++i) {
      int64_t bytes = call.inputs[i].dims[axis] * innerBytes;
      std::memmove(dst, static_cast<const unsigned char *>(call.inputs[i].data) + o * bytes,
                  static_cast<size_t>(bytes));
      dst += bytes;
    }
  return Status::success();
}

//===----------------------------------------------------------------------===//
// gather: out[o, j, i] = data[o, indices[j], i] (o: dims before axis, j: the
// indices' positions, i: dims after axis)
//===----------------------------------------------------------------------===//

/// An embedding lookup: rows of a rank-2 block-quantized table, dequantized
/// to f32.
bool gathersBlocks(const KernelCall &call) {
  return call.numInputs == 2 && call.inputs && isBlockQuantized(call.inputs[0].dtype);
}

Status gatherBlocksCheck(const KernelCall &call, const char *op) {
  if (Status s = checkArity(call, op, 2, 1); !s)
    return s;
  if (Status s = checkAllViews(call, op); !s)
    return s;
  const TensorView &data = call.inputs[0];
  if (data.rank != 2 || call.params[0] != 0)
    return kernelError(op, std::string("gathering from a ") + dtypeName(data.dtype) +
                               " table needs rank 2 data and axis 0, got " + shapeStr(data) +
                               " and axis " + std::to_string(call.params[0]));
  const int64_t block = blockCodec(data.dtype)->blockElems;
  if (data.dims[1] % block != 0)
    return kernelError(op, "table rows of " + std::to_string(data.dims[1]) +
                               " elements are not whole blocks of " + std::to_string(block));
  if (call.output->dtype != DType::F32)
    return kernelError(op, std::string("gathering from a ") + dtypeName(data.dtype) +
                               " table gives f32, not " + dtypeName(call.output->dtype));
  return Status::success();
}

Status gatherCheck(const KernelCall &call) {
  const char *op = "gather";
  if (Status s = gathersBlocks(call) ? gatherBlocksCheck(call, op) : movementCheck(call, op, 2, 1);
      !s)
    return s;
  const TensorView &data = call.inputs[0], &indices = call.inputs[1], &y = *call.output;
  if (indices.dtype != DType::I32)
    return kernelError(op, std::string("indices must be i32, got ") + dtypeName(indices.dtype));
  int64_t axis = call.params[0];
  if (axis < 0 || axis >= static_cast<int64_t>(data.rank))
    return kernelError(op, "axis " + std::to_string(axis) +
                               " is out of range for data of rank " + std::to_string(data.rank));
  if (data.rank - 1 + indices.rank > kMaxRank)
    return kernelError(op, "the result would have rank " +
                               std::to_string(data.rank - 1 + indices.rank) +
                               ", above the maximum " + std::to_string(kMaxRank));
  TensorView expected;
  for (uint32_t d = 0; d < data.rank; ++d) {
    if (d != axis) {
      expected.dims[expected.rank++] = data.dims[d];
      continue;
    }
    for (uint32_t j = 0; j < indices.rank; ++j)
      expected.dims[expected.rank++] = indices.dims[j];
  }
  if (!sameShape(y, expected))
    return kernelError(op, "result shape " + shapeStr(y) + " should be " + shapeStr(expected));
  return Status::success();
}

Status gatherRun(const KernelCall &call, ThreadPool *) {
  const TensorView &data = call.inputs[0], &indices = call.inputs[1], &y = *call.output;
  auto axis = static_cast<uint32_t>(call.params[0]);
  int64_t outer = 1, innerBytes = elementBytes(data.dtype), size = data.dims[axis];
  for (uint32_t d = 0; d < axis; ++d)
    outer *= data.dims[d];
  for (uint32_t d = axis + 1; d < data.rank; ++d)
    innerBytes *= data.dims[d];
  const int32_t *idx = indices.as<int32_t>();
  int64_t count = indices.numElements();
  // Indices are run-time data: all are checked before anything is written.
  for (int64_t j = 0; j < count; ++j)
    if (idx[j] < 0 || idx[j] >= size)
      return Status::error("gather: index " + std::to_string(idx[j]) + " at position " +
                           std::to_string(j) + " is out of range for axis " +
                           std::to_string(axis) + " of size " + std::to_string(size));
  if (const BlockCodec *codec = blockCodec(data.dtype)) {
    // Rank 2, axis 0 (check()): dequantize each picked row into the output.
    const int64_t cols = data.dims[1];
    const size_t rowBytes = static_cast<size_t>(cols / codec->blockElems) * codec->blockBytes;
    for (int64_t j = 0; j < count; ++j) {
      const int32_t i = idx[j];
      if (i < 0 || i >= size) // only if the output overwrote the indices (the loader forbids it)
        return Status::error("gather: the indices changed while the rows were copied");
      const uint8_t *row = data.as<uint8_t>() + i * rowBytes;
      float *dst = y.as<float>() + j * cols;
      codec->dequantize(row, dst, cols);
    }
    return Status::success();
  }
  const auto *src = static_cast<const unsigned char *>(data.data);
  auto *dst = static_cast<unsigned char *>(y.data);
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t j = 0; j < count; ++j) {
      const int32_t i = idx[j];
      if (i < 0 || i >= size) // as above: never a read outside the data
        return Status::error("gather: the indices changed while the rows were copied");
      std::memmove(dst, src + (o * size + i) * innerBytes, static_cast<size_t>(innerBytes));
      dst += innerBytes;
    }
  return Status::success();
}

} // namespace

void registerMovementKernels(KernelEntries &t) {
  t[opIndex(OpKind::Transpose)] = {transposeCheck, transposeRun};
  t[opIndex(OpKind::Reshape)] = {reshapeCheck, reshapeRun};
  t[opIndex(OpKind::Broadcast)] = {broadcastCheck, broadcastRun};
  t[opIndex(OpKind::Slice)] = {sliceCheck, sliceRun};
  t[opIndex(OpKind::Concat)] = {concatCheck, concatRun};
  t[opIndex(OpKind::Gather)] = {gatherCheck, gatherRun};
}

} // namespace thymos::rt
