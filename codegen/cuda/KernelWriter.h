//===- KernelWriter.h - Writing one step's CUDA kernel ----------------------===//
//
// What every op's emitter shares: the step's tensors, the C type of an
// element, shapes as constants, the index arithmetic of broadcasting, and
// the kernel's signature. Kernels are specialised to their step: every
// shape, stride and attribute is a literal in the source, and the device
// addresses of the operands are the only arguments (so the launch
// parameters of a step never change, which a captured CUDA graph needs).
//
// The argument order is the step's inputs, then its output, then, for ops
// that can find bad data at run time (an index out of range, a negative
// position), `fault`: three words that the first fault fills with
// {code, step, detail} (the prelude's thy_fault), read by the runtime after
// the entry.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "codegen/PlanModel.h"
#include "runtime/Tensor.h"

#include <cstdint>
#include <string>
#include <vector>

namespace thymos::codegen::cuda {

/// How a kernel is launched: a one-dimensional grid of `grid` blocks of
/// `block` threads (grid.y = gridY), with `sharedBytes` of shared memory.
struct Launch {
  uint64_t grid = 1;
  uint32_t gridY = 1;
  uint32_t block = 256;
  uint32_t sharedBytes = 0;
};

/// Fault codes a kernel records (the runtime turns them into messages).
enum class Fault : uint32_t {
  None = 0,
  IndexOutOfRange = 1,   ///< gather: detail = the index
  NegativePosition = 2,  ///< rope: detail = the position
  RowsOutsideCache = 3,  ///< cache_write / attention: detail = the position
};

/// One step, as the emitters see it.
struct StepView {
  uint32_t index;              ///< plan-wide step index
  rt::OpKind op;
  std::vector<const plan::TensorRecord *> inputs;
  const plan::TensorRecord *output;
  const int64_t *params;
  uint32_t paramCount;

  rt::DType inType(size_t i) const { return static_cast<rt::DType>(inputs[i]->dtype); }
  rt::DType outType() const { return static_cast<rt::DType>(output->dtype); }
  double paramDouble(uint32_t i) const;
};

/// Step `index` of `model`; `step` is its record (which may not be in
/// model.steps yet while the lowering checks it).
StepView viewStep(const PlanModel &model, const plan::StepRecord &step, uint32_t index);

/// Elements of a tensor (blocks count their elements).
int64_t elementCount(const plan::TensorRecord &t);
/// The element type's name in .thy text ("f32").
const char *typeName(rt::DType type);
/// The C type of one element in device code: float, double, int, and for
/// f16 `unsigned short` (converted with the prelude's functions).
const char *cType(rt::DType type);
/// A double as a C literal that reads back to the same bits.
std::string doubleLiteral(double value);
/// A float literal (with the f suffix) for f32 kernels, a double otherwise.
std::string literalFor(rt::DType type, double value);
/// The math function `name` ("exp", "sqrt", ...) for the element type: expf
/// for f32, exp for f64.
std::string mathFn(rt::DType type, const char *name);

/// Source lines that set `long long c0 .. c{rank-1}` to the coordinates of
/// linear index `i` in `dims` (row-major).
std::string coordinates(const int64_t *dims, unsigned rank, const char *i = "i");
/// The element offset in `in` of output coordinates c0.. (as coordinates()
/// sets them for `out`), with NumPy broadcasting: trailing dims aligned,
/// dims of size 1 pinned to 0.
std::string broadcastOffset(const plan::TensorRecord &in, const plan::TensorRecord &out);
/// Whether `in` is read element for element at the output's index.
bool sameLayout(const plan::TensorRecord &in, const plan::TensorRecord &out);

/// `extern "C" __global__ void NAME(const T *__restrict__ in0, ..., T *out[,
/// unsigned int *fault])`, open brace included.
std::string signature(const StepView &s, const std::string &name, bool faults);

/// "<op> <preposition> <type> has no CUDA lowering" ("silu on f16 ...").
std::string noLowering(const StepView &s, const char *preposition, rt::DType type);

/// The kernel's symbol: thy_step<index>_<op>.
std::string kernelName(const StepView &s);

/// Grid of `threads` threads in blocks of `block`.
Launch linearLaunch(int64_t threads, uint32_t block = 256);

} // namespace thymos::codegen::cuda
