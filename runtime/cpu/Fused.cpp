//===- Fused.cpp - Several elementwise ops in one pass over memory ----------===//
//
// A `fused` step runs a small program of elementwise instructions (params:
// [opcode, a, b] triples; the encoding is in Kernels.h and ir/Ops.td). The
// standalone kernels read and write a whole tensor per op; this one walks the
// output once, in blocks of up to 256 elements, and keeps each instruction's
// block of values in a stack array ("register") until its last reader has
// run. Memory is read once and written once, whatever the program's length.
//
// Each instruction calls the same scalar functor as the standalone op
// (ElementwiseMath.h) on the same values, so results are bit-identical.
//
// In place: every input is read at the positions of the current block before
// the last instruction writes that block, so the planner may give the result
// the buffer of an input of the same type.
//
//===----------------------------------------------------------------------===//

#include "runtime/FusedProgram.h"
#include "runtime/cpu/KernelSupport.h"

#include <algorithm>

namespace thymos::rt {

namespace {

using namespace elementwise;

using fused::kMaxInputs;
using fused::kMaxInstructions;
using fused::kNoOperand;
using fused::opcodeArity;

/// Elements per block when few registers are live; fewer when many are, so
/// that the registers fit in kScratchBytes (which stays within L1).
constexpr int64_t kBlockElems = 256;
constexpr size_t kScratchBytes = 32 * 1024;

//===----------------------------------------------------------------------===//
// check()
//===----------------------------------------------------------------------===//

constexpr char kOp[] = "fused";

Status checkProgram(const KernelCall &call) {
  if (call.numParams == 0 || call.numParams % fused::kInstructionSize != 0)
    return kernelError(kOp, "params must be [opcode, a, b] triples, one or more; got " +
                                std::to_string(call.numParams));
  if (!call.params)
    return kernelError(kOp, "params are missing");
  uint32_t count = call.numParams / 3;
  if (count > kMaxInstructions)
    return kernelError(kOp, "program has " + std::to_string(count) + " instructions; at most " +
                                std::to_string(kMaxInstructions) + " are allowed");
  for (uint32_t i = 0; i < count; ++i) {
    const int64_t *ins = call.params + 3 * i;
    std::string where = "instruction #" + std::to_string(i) + ": ";
    unsigned arity = opcodeArity(ins[0]);
    if (arity == 0)
      return kernelError(kOp, where + "opcode " + std::to_string(ins[0]) +
                                  " is not a unary or binary elementwise op");
    // Values numInputs + i and above do not exist yet when instruction i runs.
    int64_t limit = int64_t(call.numInputs) + i;
    for (unsigned k = 1; k <= arity; ++k)
      if (ins[k] < 0 || ins[k] >= limit)
        return kernelError(kOp, where + "operand " + std::to_string(ins[k]) +
                                    " is not an input or an earlier instruction");
    if (arity == 1 && ins[2] != kNoOperand)
      return kernelError(kOp, where + "a unary op's second operand must be -1, got " +
                                  std::to_string(ins[2]));
  }
  return Status::success();
}

Status fusedCheck(const KernelCall &call) {
  if (call.numInputs < 1 || call.numInputs > kMaxInputs)
    return kernelError(kOp, "expected 1 to " + std::to_string(kMaxInputs) + " inputs, got " +
                                std::to_string(call.numInputs));
  if (!call.inputs)
    return kernelError(kOp, "inputs are missing");
  if (!call.output)
    return kernelError(kOp, "the result is missing");
  if (Status s = checkAllViews(call, kOp); !s)
    return s;
  const TensorView &out = *call.output;
  if (Status s = checkDType(kOp, "result", out.dtype, kFloat32And64); !s)
    return s;
  TensorView expected = call.inputs[0];
  for (uint32_t i = 0; i < call.numInputs; ++i) {
    const TensorView &in = call.inputs[i];
    if (in.dtype != out.dtype)
      return kernelError(kOp, "input #" + std::to_string(i) + " has element type " +
                                  dtypeName(in.dtype) + ", but the result has " +
                                  dtypeName(out.dtype));
    TensorView joined;
    if (!broadcastShape(expected, in, joined))
      return kernelError(kOp, "input #" + std::to_string(i) + " of shape " + shapeStr(in) +
                                  " does not broadcast with " + shapeStr(expected));
    expected = joined;
  }
  if (!sameShape(expected, out))
    return kernelError(kOp, "result shape " + shapeStr(out) + " should be " +
                                shapeStr(expected));
  return checkProgram(call);
}

//===----------------------------------------------------------------------===//
// run()
//===----------------------------------------------------------------------===//

/// A block of instruction operand values: p[i * stride], stride 0 or 1.
template <typename T> struct Operand {
  const T *p;
  int64_t stride;
};

// z[i] = fn(x[i]) and z[i] = fn(x[i], y[i]) over one block; the stride cases
// are spelled out, as in Elementwise.cpp, so the common ones vectorize.
template <typename T, typename Fn> void unaryBlock(Operand<T> x, T *z, int64_t n) {
  if (x.stride) { // 1: contiguous
    mapContiguous<T, Fn>(x.p, z, n);
    return;
  }
  T v = Fn{}(x.p[0]);
  std::fill(z, z + n, v);
}

template <typename T, typename Fn>
void binaryBlock(Operand<T> x, Operand<T> y, T *z, int64_t n) {
  Fn fn;
  if (x.stride && y.stride) {
    for (int64_t i = 0; i < n; ++i)
      z[i] = fn(x.p[i], y.p[i]);
  } else if (x.stride) {
    T b = y.p[0];
    for (int64_t i = 0; i < n; ++i)
      z[i] = fn(x.p[i], b);
  } else if (y.stride) {
    T a = x.p[0];
    for (int64_t i = 0; i < n; ++i)
      z[i] = fn(a, y.p[i]);
  } else {
    std::fill(z, z + n, fn(x.p[0], y.p[0]));
  }
}

template <typename T>
void applyInstruction(int64_t opcode, Operand<T> a, Operand<T> b, T *z, int64_t n) {
  // check() admits the elementwise opcodes only.
  OpKind op = static_cast<OpKind>(opcode);
  if (visitUnary(op, [&](auto fn) { unaryBlock<T, decltype(fn)>(a, z, n); }))
    return;
  visitBinary(op, [&](auto fn) { binaryBlock<T, decltype(fn)>(a, b, z, n); });
}

/// The output's iteration space with adjacent dims merged wherever every
/// input walks them contiguously (or not at all), so that same-shape inputs
/// make one long row and broadcast inputs keep their rows as long as possible.
struct Walk {
  uint32_t rank = 0;
  int64_t dims[kMaxRank];
  int64_t strides[kMaxInputs][kMaxRank]; // per input, 0 along broadcast dims
};

void buildWalk(const KernelCall &call, Walk &w) {
  const TensorView &out = *call.output;
  int64_t full[kMaxInputs][kMaxRank];
  for (uint32_t i = 0; i < call.numInputs; ++i)
    broadcastStrides(call.inputs[i], out, full[i]);
  // Scan from the innermost dim outwards, merging dim d into the current run.
  int64_t dims[kMaxRank], strides[kMaxInputs][kMaxRank];
  uint32_t rank = 0;
  for (uint32_t d = out.rank; d-- > 0;) {
    bool merge = rank > 0;
    for (uint32_t i = 0; merge && i < call.numInputs; ++i)
      merge = full[i][d] == strides[i][rank - 1] * dims[rank - 1];
    if (merge) {
      dims[rank - 1] *= out.dims[d];
      continue;
    }
    dims[rank] = out.dims[d];
    for (uint32_t i = 0; i < call.numInputs; ++i)
      strides[i][rank] = full[i][d];
    ++rank;
  }
  if (rank == 0) { // a scalar result: one row of one element
    dims[0] = 1;
    for (uint32_t i = 0; i < call.numInputs; ++i)
      strides[i][0] = 0;
    rank = 1;
  }
  // Reverse into row-major order (outermost first).
  w.rank = rank;
  for (uint32_t d = 0; d < rank; ++d) {
    w.dims[d] = dims[rank - 1 - d];
    for (uint32_t i = 0; i < call.numInputs; ++i)
      w.strides[i][d] = strides[i][rank - 1 - d];
  }
}

/// Gives each instruction but the last (which writes the output) a register,
/// reusing registers whose value has had its last reader; returns how many.
uint32_t assignRegisters(const int64_t *program, uint32_t count, uint32_t numInputs,
                         uint32_t reg[kMaxInstructions]) {
  uint32_t lastUse[kMaxInstructions] = {};
  for (uint32_t j = 0; j < count; ++j)
    for (unsigned k = 1; k <= opcodeArity(program[3 * j]); ++k)
      if (program[3 * j + k] >= int64_t(numInputs))
        lastUse[program[3 * j + k] - numInputs] = j;
  uint32_t freeRegs[kMaxInstructions], numFree = 0, numRegs = 0;
  for (uint32_t j = 0; j + 1 < count; ++j) {
    reg[j] = numFree ? freeRegs[--numFree] : numRegs++;
    // Freed only after the result has its register: a loop whose output
    // overlaps its input would not vectorize.
    const int64_t *ins = program + 3 * j;
    for (unsigned k = 1; k <= opcodeArity(ins[0]); ++k) {
      int64_t v = ins[k] - int64_t(numInputs);
      if (v >= 0 && lastUse[v] == j && (k == 1 || ins[1] != ins[2]))
        freeRegs[numFree++] = reg[v];
    }
  }
  return numRegs;
}

/// Advances the multi-index over every dim but the innermost (the rows), and
/// the inputs' offsets with it; false after the last row.
bool nextRow(const Walk &w, uint32_t numInputs, int64_t index[kMaxRank],
             int64_t offset[kMaxInputs]) {
  for (uint32_t d = w.rank - 1; d-- > 0;) {
    if (++index[d] < w.dims[d]) {
      for (uint32_t i = 0; i < numInputs; ++i)
        offset[i] += w.strides[i][d];
      return true;
    }
    for (uint32_t i = 0; i < numInputs; ++i)
      offset[i] -= w.strides[i][d] * (w.dims[d] - 1);
    index[d] = 0;
  }
  return false;
}

template <typename T> void fusedRun(const KernelCall &call) {
  const uint32_t numInputs = call.numInputs, count = call.numParams / 3;
  const int64_t *program = call.params;
  Walk w;
  buildWalk(call, w);
  uint32_t reg[kMaxInstructions];
  uint32_t numRegs = assignRegisters(program, count, numInputs, reg);
  alignas(64) T scratch[kScratchBytes / sizeof(T)];
  constexpr int64_t kScratchElems = int64_t(kScratchBytes / sizeof(T));
  const int64_t block = std::min<int64_t>(kBlockElems, kScratchElems / std::max(numRegs, 1u));

  const T *base[kMaxInputs];
  int64_t offset[kMaxInputs] = {}, inner[kMaxInputs];
  for (uint32_t i = 0; i < numInputs; ++i) {
    base[i] = call.inputs[i].as<T>();
    inner[i] = w.strides[i][w.rank - 1];
  }
  T *out = call.output->as<T>();
  const int64_t rowLength = w.dims[w.rank - 1];
  int64_t index[kMaxRank] = {}, outOffset = 0;
  do {
    for (int64_t col = 0; col < rowLength; col += block) {
      int64_t n = std::min(block, rowLength - col);
      auto operand = [&](int64_t v) -> Operand<T> {
        if (v < int64_t(numInputs))
          return {base[v] + offset[v] + col * inner[v], inner[v]};
        return {scratch + reg[v - numInputs] * block, 1};
      };
      for (uint32_t j = 0; j < count; ++j) {
        const int64_t *ins = program + 3 * j;
        Operand<T> a = operand(ins[1]);
        Operand<T> b = opcodeArity(ins[0]) == 2 ? operand(ins[2]) : a;
        T *z = j + 1 == count ? out + outOffset + col : scratch + reg[j] * block;
        applyInstruction<T>(ins[0], a, b, z, n);
      }
    }
    outOffset += rowLength;
  } while (nextRow(w, numInputs, index, offset));
}

Status fusedRunEntry(const KernelCall &call, ThreadPool *) {
  if (call.output->dtype == DType::F32)
    fusedRun<float>(call);
  else
    fusedRun<double>(call);
  return Status::success();
}

} // namespace

void registerFusedKernels(KernelEntries &t) {
  t[opIndex(OpKind::Fused)] = {fusedCheck, fusedRunEntry};
}

} // namespace thymos::rt
