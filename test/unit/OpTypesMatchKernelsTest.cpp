//===- OpTypesMatchKernelsTest.cpp - Declared element types vs CPU kernels --===//
//
// An op's operand and result constraints in ir/Ops.td promise the element
// types its CPU kernel runs, no more and no fewer. For every op with a kernel
// this test builds one well-shaped call (shapes whose innermost dimension is
// 32, or 256 where block-quantized types may appear, so their blocks fit)
// and tries every assignment of element types to its operands and result
// against the kernel's check():
//  - each type a slot declares is accepted by the kernel with some declared
//    types in the other slots;
//  - each type a slot does not declare is refused whatever the other slots
//    hold.
// A new op with a kernel needs an entry in sampleCall() below.
//
//===----------------------------------------------------------------------===//

#include "ir/OpInfo.h"
#include "runtime/cpu/Kernels.h"

#include <catch2/catch.hpp>

#include <cstring>
#include <string>
#include <vector>

using namespace thymos;

namespace {

using Shape = std::vector<int64_t>;

/// The shapes (operands, then the result) and params of one call that every
/// check() of the op accepts for the right element types.
struct SampleCall {
  std::vector<Shape> inputs;
  Shape output;
  std::vector<int64_t> params;
};

int64_t doubleBits(double v) {
  int64_t bits;
  std::memcpy(&bits, &v, sizeof bits);
  return bits;
}

/// False for an op this test does not know yet.
bool sampleCall(ir::OpKind op, SampleCall &call) {
  using K = ir::OpKind;
  const Shape m{2, 32};
  // Rows of 256 for the ops that take block-quantized operands: whole
  // super-blocks of the K-quants.
  const Shape wide{2, 256};
  switch (op) {
  case K::MatMul: // transpose_b, as block-quantized weights need
    call = {{wide, {32, 256}}, m, {1}};
    return true;
  case K::Cast:
    call = {{wide}, wide, {}};
    return true;
  case K::Cholesky:
    call = {{{32, 32}}, {32, 32}, {}};
    return true;
  case K::TriangularSolve:
    call = {{{32, 32}, {32, 32}}, {32, 32}, {1, 0}};
    return true;
  case K::Add:
  case K::Sub:
  case K::Mul:
  case K::Div:
    call = {{m, m}, m, {}};
    return true;
  case K::Neg:
  case K::Exp:
  case K::Log:
  case K::Sqrt:
  case K::Rsqrt:
  case K::Relu:
  case K::Sigmoid:
  case K::Tanh:
  case K::Gelu:
  case K::Silu:
  case K::Reshape:
    call = {{m}, m, {}};
    return true;
  case K::Softmax:
    call = {{m}, m, {1}};
    return true;
  case K::Sum:
  case K::Mean:
  case K::Max: // reduce dimension 0
    call = {{m}, {32}, {1}};
    return true;
  case K::RmsNorm:
    call = {{m, {32}}, m, {doubleBits(1e-5)}};
    return true;
  case K::LayerNorm:
    call = {{m, {32}, {32}}, m, {doubleBits(1e-5)}};
    return true;
  case K::Transpose: // keeps the innermost dimension in place
    call = {{{2, 3, 32}}, {3, 2, 32}, {1, 0, 2}};
    return true;
  case K::Broadcast:
    call = {{{1, 32}}, m, {}};
    return true;
  case K::Slice: // starts, then steps
    call = {{{4, 32}}, m, {1, 0, 1, 1}};
    return true;
  case K::Concat:
    call = {{m, m}, {4, 32}, {0}};
    return true;
  case K::Gather: // rows of a rank-2 table
    call = {{{4, 256}, {32}}, {32, 256}, {0}};
    return true;
  case K::Rope: // x [tokens, heads, head_dim], one position per token
    call = {{{2, 2, 32}, {2}}, {2, 2, 32}, {doubleBits(10000.0), 32}};
    return true;
  case K::RopeScaled: // and a factor per rotated pair
    call = {{{2, 2, 32}, {2}, {16}}, {2, 2, 32}, {doubleBits(10000.0), 32}};
    return true;
  case K::CacheWrite: // 2 rows into a cache of 4, at a scalar position
    call = {{{4, 2, 32}, {2, 2, 32}, {}}, {4, 2, 32}, {}};
    return true;
  case K::Attention: // 2 queries of 4 heads over a cache of 8 positions, 2 heads
    call = {{{2, 4, 32}, {8, 2, 32}, {8, 2, 32}, {}}, {2, 4, 32}, {doubleBits(0.125)}};
    return true;
  case K::Fused: // add input 0 and input 1
    call = {{m, m}, m, {4, 0, 1}};
    return true;
  default:
    return false;
  }
}

rt::TensorView viewOf(const Shape &shape, unsigned dtype) {
  rt::TensorView v;
  v.dtype = static_cast<rt::DType>(dtype);
  v.rank = static_cast<uint32_t>(shape.size());
  for (size_t d = 0; d < shape.size(); ++d)
    v.dims[d] = shape[d];
  return v;
}

/// Whether the kernel's check() accepts `sample` with element types
/// `dtypes` (operands, then the result); the kernel's message in `why`.
bool kernelAccepts(const rt::CpuKernel &kernel, const SampleCall &sample,
                   const std::vector<unsigned> &dtypes, std::string &why) {
  std::vector<rt::TensorView> inputs;
  for (size_t i = 0; i < sample.inputs.size(); ++i)
    inputs.push_back(viewOf(sample.inputs[i], dtypes[i]));
  rt::TensorView output = viewOf(sample.output, dtypes.back());
  rt::KernelCall call{inputs.data(), static_cast<uint32_t>(inputs.size()), &output,
                      sample.params.empty() ? nullptr : sample.params.data(),
                      static_cast<uint32_t>(sample.params.size())};
  rt::Status s = kernel.check(call);
  if (!s)
    why = s.message();
  return static_cast<bool>(s);
}

std::string slotName(const ir::OpInfo &info, size_t slot, size_t numInputs) {
  if (slot == numInputs)
    return std::string("result #0 (") + info.results()[0].name + ")";
  return "operand #" + std::to_string(slot) + " (" +
         info.operandSpec(static_cast<unsigned>(slot)).name + ")";
}

const char *dtypeName(unsigned dtype) {
  return ir::dtypeName(static_cast<ir::DType>(dtype)).data();
}

} // namespace

TEST_CASE("every computed op has a CPU kernel, stored data has none", "[kernels]") {
  for (const ir::OpInfo &info : ir::allOpInfos()) {
    INFO("op '" << info.name << "'");
    const rt::CpuKernel *kernel = rt::findCpuKernel(static_cast<rt::OpKind>(info.kind));
    CHECK((kernel != nullptr) == !info.hasTrait(ir::OpTrait::StoredData));
  }
}

TEST_CASE("each op declares exactly the element types its CPU kernel runs", "[kernels]") {
  for (const ir::OpInfo &info : ir::allOpInfos()) {
    const rt::CpuKernel *kernel = rt::findCpuKernel(static_cast<rt::OpKind>(info.kind));
    if (!kernel)
      continue;
    INFO("op '" << info.name << "'");
    SampleCall sample;
    REQUIRE(sampleCall(info.kind, sample)); // a new op: add its sample call above
    REQUIRE(info.results().size() == 1);

    // Every assignment of element types to the slots (operands, then the
    // result), as a number in base kNumDTypes; at most 8^4 of them.
    const size_t numInputs = sample.inputs.size(), numSlots = numInputs + 1;
    auto declares = [&](size_t slot, unsigned dtype) {
      const ir::OperandSpec &spec = slot == numInputs
                                        ? info.results()[0]
                                        : info.operandSpec(static_cast<unsigned>(slot));
      return spec.accepts(static_cast<ir::DType>(dtype));
    };
    // acceptedAmongDeclared[slot][dtype]: accepted with declared types in the
    // other slots; acceptedAtAll[slot][dtype]: accepted with anything there.
    std::vector<std::vector<bool>> acceptedAmongDeclared(
        numSlots, std::vector<bool>(ir::kNumDTypes, false));
    std::vector<std::vector<bool>> acceptedAtAll = acceptedAmongDeclared;
    std::vector<std::vector<std::string>> refusal(numSlots,
                                                  std::vector<std::string>(ir::kNumDTypes));
    size_t combinations = 1;
    for (size_t s = 0; s < numSlots; ++s)
      combinations *= ir::kNumDTypes;
    std::vector<unsigned> dtypes(numSlots);
    for (size_t c = 0; c < combinations; ++c) {
      size_t rest = c;
      for (size_t s = 0; s < numSlots; ++s, rest /= ir::kNumDTypes)
        dtypes[s] = static_cast<unsigned>(rest % ir::kNumDTypes);
      std::string why;
      bool accepted = kernelAccepts(*kernel, sample, dtypes, why);
      size_t undeclared = 0, lastUndeclared = 0;
      for (size_t s = 0; s < numSlots; ++s)
        if (!declares(s, dtypes[s])) {
          ++undeclared;
          lastUndeclared = s;
        }
      for (size_t s = 0; s < numSlots; ++s) {
        bool othersDeclared = undeclared == 0 || (undeclared == 1 && lastUndeclared == s);
        if (accepted) {
          acceptedAtAll[s][dtypes[s]] = true;
          if (othersDeclared)
            acceptedAmongDeclared[s][dtypes[s]] = true;
        } else if (othersDeclared && refusal[s][dtypes[s]].empty()) {
          refusal[s][dtypes[s]] = why;
        }
      }
    }

    for (size_t s = 0; s < numSlots; ++s)
      for (unsigned d = 0; d < ir::kNumDTypes; ++d) {
        INFO(slotName(info, s, numInputs) << " with " << dtypeName(d));
        if (declares(s, d)) {
          INFO("declared, but the kernel refuses it: " << refusal[s][d]);
          CHECK(acceptedAmongDeclared[s][d]);
        } else {
          INFO("not declared, but the kernel accepts it");
          CHECK_FALSE(acceptedAtAll[s][d]);
        }
      }
  }
}

TEST_CASE("cast converts between every pair of element types it declares", "[kernels]") {
  const ir::OpInfo &info = ir::getOpInfo(ir::OpKind::Cast);
  const rt::CpuKernel *kernel = rt::findCpuKernel(rt::OpKind::Cast);
  REQUIRE(kernel);
  SampleCall sample;
  REQUIRE(sampleCall(ir::OpKind::Cast, sample));
  for (unsigned from = 0; from < ir::kNumDTypes; ++from)
    for (unsigned to = 0; to < ir::kNumDTypes; ++to) {
      if (!info.operands()[0].accepts(static_cast<ir::DType>(from)) ||
          !info.results()[0].accepts(static_cast<ir::DType>(to)))
        continue;
      std::string why;
      INFO(dtypeName(from) << " to " << dtypeName(to));
      bool accepted = kernelAccepts(*kernel, sample, {from, to}, why);
      INFO(why);
      CHECK(accepted);
    }
}
