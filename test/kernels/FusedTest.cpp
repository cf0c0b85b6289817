// The fused kernel against the standalone elementwise kernels run one by one
// (bit for bit, on random programs, shapes and inputs), and every check()
// failure path.

#include "KernelTestSupport.h"

#include <algorithm>
#include <cmath>
#include <random>

using namespace thymos::rt;
using namespace thymos::rt::test;
using Catch::Matchers::Contains;

namespace {

constexpr int64_t kUnary[] = {8, 9, 10, 11, 12, 13, 14, 15, 16, 17}; // neg ... silu
constexpr int64_t kBinary[] = {4, 5, 6, 7};                           // add sub mul div

std::vector<int64_t> dimsOf(const TensorView &v) { return {v.dims, v.dims + v.rank}; }

std::vector<int64_t> broadcastDims(std::vector<int64_t> a, std::vector<int64_t> b) {
  if (a.size() < b.size())
    std::swap(a, b);
  b.insert(b.begin(), a.size() - b.size(), 1);
  for (size_t i = 0; i < a.size(); ++i)
    a[i] = a[i] == 1 ? b[i] : a[i];
  return a;
}

/// What the unfused graph computes: each instruction by its standalone
/// kernel, at the broadcast shape of its own operands; the last value is then
/// broadcast to `outDims` (an unread input may widen the fused result).
Buffer evaluateUnfused(const std::vector<Buffer> &inputs, const std::vector<int64_t> &program,
                       const std::vector<int64_t> &outDims) {
  std::vector<const Buffer *> values;
  for (const Buffer &b : inputs)
    values.push_back(&b);
  std::vector<Buffer> results;
  results.reserve(program.size() / 3);
  DType dtype = inputs[0].view.dtype;
  for (size_t j = 0; j < program.size(); j += 3) {
    auto op = static_cast<OpKind>(program[j]);
    const Buffer *a = values[program[j + 1]];
    if (program[j + 2] < 0) {
      results.push_back(zeros(dtype, dimsOf(a->view)));
      runOk(op, {a}, results.back());
    } else {
      const Buffer *b = values[program[j + 2]];
      results.push_back(zeros(dtype, broadcastDims(dimsOf(a->view), dimsOf(b->view))));
      runOk(op, {a, b}, results.back());
    }
    values.push_back(&results.back());
  }
  Buffer out = zeros(dtype, outDims);
  runOk(OpKind::Broadcast, {values.back()}, out);
  return out;
}

/// Equal bits, or both NaN: NaN payloads may differ with the order in which
/// a compiler presents operands, and carry no meaning.
template <typename T> void expectSameBits(const Buffer &fused, const Buffer &unfused) {
  std::vector<T> x = fused.values<T>(), y = unfused.values<T>();
  REQUIRE(x.size() == y.size());
  size_t mismatches = 0;
  for (size_t i = 0; i < x.size(); ++i)
    if (std::memcmp(&x[i], &y[i], sizeof(T)) != 0 && !(std::isnan(x[i]) && std::isnan(y[i]))) {
      if (mismatches++ < 5)
        UNSCOPED_INFO("element " << i << ": fused " << x[i] << ", unfused " << y[i]);
    }
  CHECK(mismatches == 0);
}

Buffer randomTensor(DType dtype, const std::vector<int64_t> &dims, std::mt19937 &rng) {
  // Mostly positive, so that log, sqrt and div see their usual domain; some
  // negatives so that relu, neg and the sign-sensitive paths are exercised.
  std::uniform_real_distribution<double> value(-0.5, 2.5);
  Buffer b = zeros(dtype, dims);
  for (int64_t i = 0; i < b.view.numElements(); ++i) {
    if (dtype == DType::F32)
      b.data<float>()[i] = static_cast<float>(value(rng));
    else
      b.data<double>()[i] = value(rng);
  }
  return b;
}

/// An input shape that broadcasts to `out`: leading dims may be dropped and
/// any dim may be 1.
std::vector<int64_t> randomInputDims(const std::vector<int64_t> &out, std::mt19937 &rng) {
  size_t drop = std::uniform_int_distribution<size_t>(0, out.size())(rng);
  std::vector<int64_t> dims(out.begin() + static_cast<long>(drop), out.end());
  for (int64_t &d : dims)
    if (rng() % 3 == 0)
      d = 1;
  return dims;
}

std::vector<int64_t> randomProgram(size_t numInputs, size_t count, std::mt19937 &rng) {
  std::vector<int64_t> program;
  for (size_t j = 0; j < count; ++j) {
    auto pick = [&] { return static_cast<int64_t>(rng() % (numInputs + j)); };
    if (rng() % 2) {
      program.insert(program.end(), {kUnary[rng() % 10], pick(), -1});
    } else {
      program.insert(program.end(), {kBinary[rng() % 4], pick(), pick()});
    }
  }
  return program;
}

void compareFusedWithUnfused(const std::vector<Buffer> &inputs,
                             const std::vector<int64_t> &program) {
  std::vector<int64_t> outDims;
  std::vector<const Buffer *> pointers;
  for (const Buffer &b : inputs) {
    outDims = broadcastDims(outDims, dimsOf(b.view));
    pointers.push_back(&b);
  }
  DType dtype = inputs[0].view.dtype;
  Buffer fused = zeros(dtype, outDims);
  runOk(OpKind::Fused, pointers, fused, program);
  Buffer unfused = evaluateUnfused(inputs, program, outDims);
  if (dtype == DType::F32)
    expectSameBits<float>(fused, unfused);
  else
    expectSameBits<double>(fused, unfused);
}

} // namespace

TEST_CASE("fused gelu(x + b) * s matches the ops one by one", "[fused]") {
  std::mt19937 rng(7);
  for (DType dtype : {DType::F32, DType::F64}) {
    std::vector<Buffer> inputs;
    inputs.push_back(randomTensor(dtype, {8, 64}, rng));
    inputs.push_back(randomTensor(dtype, {64}, rng));
    inputs.push_back(randomTensor(dtype, {8, 1}, rng));
    compareFusedWithUnfused(inputs, {4, 0, 1, 16, 3, -1, 6, 4, 2});
  }
}

TEST_CASE("random fused programs match the ops one by one, bit for bit", "[fused]") {
  // Output shapes with rows shorter and longer than a block (256), scalars,
  // and ranks up to 4.
  const std::vector<std::vector<int64_t>> shapes = {
      {}, {1}, {7}, {600}, {3, 5}, {2, 300}, {4, 1, 9}, {2, 3, 4, 5}, {520, 3}};
  std::mt19937 rng(2024);
  for (int trial = 0; trial < 300; ++trial) {
    DType dtype = trial % 2 ? DType::F64 : DType::F32;
    const std::vector<int64_t> &out = shapes[trial % shapes.size()];
    size_t numInputs = 1 + rng() % 5, count = 1 + rng() % 12;
    std::vector<Buffer> inputs;
    for (size_t i = 0; i < numInputs; ++i)
      inputs.push_back(randomTensor(dtype, i == 0 ? out : randomInputDims(out, rng), rng));
    std::vector<int64_t> program = randomProgram(numInputs, count, rng);
    INFO("trial " << trial);
    compareFusedWithUnfused(inputs, program);
  }
}

TEST_CASE("fused programs with many live values use smaller blocks", "[fused]") {
  // 32 values all live until a chain of adds consumes them: the registers do
  // not fit 256-element blocks in the kernel's scratch space.
  std::mt19937 rng(5);
  for (DType dtype : {DType::F32, DType::F64}) {
    std::vector<Buffer> inputs;
    inputs.push_back(randomTensor(dtype, {3, 1000}, rng));
    inputs.push_back(randomTensor(dtype, {1000}, rng));
    std::vector<int64_t> program;
    for (int64_t j = 0; j < 32; ++j)
      program.insert(program.end(), {kUnary[j % 10], j % 2, -1});
    int64_t acc = 2;
    for (int64_t j = 1; j < 32; ++j) {
      program.insert(program.end(), {4, acc, 2 + j});
      acc = 2 + static_cast<int64_t>(program.size() / 3) - 1;
    }
    REQUIRE(program.size() / 3 == 63);
    compareFusedWithUnfused(inputs, program);
  }
}

TEST_CASE("fused writes its result over an input of the same shape", "[fused]") {
  std::mt19937 rng(11);
  Buffer x = randomTensor(DType::F32, {4, 700}, rng), b = randomTensor(DType::F32, {700}, rng);
  // sigmoid(x) * x + b, then the same in place over x.
  std::vector<int64_t> program = {14, 0, -1, 6, 2, 0, 4, 3, 1};
  Buffer expected = zeros(DType::F32, {4, 700});
  runOk(OpKind::Fused, {&x, &b}, expected, program);
  std::vector<TensorView> views = {x.view, b.view};
  KernelCall call{views.data(), 2, &x.view, program.data(), 9};
  const CpuKernel *kernel = findCpuKernel(OpKind::Fused);
  REQUIRE(kernel->check(call).ok());
  REQUIRE(kernel->run(call, nullptr).ok());
  expectSameBits<float>(x, expected);
}

TEST_CASE("fused check() rejects bad calls", "[fused]") {
  auto f32v = [](std::vector<int64_t> dims) { return shapeOnly(DType::F32, dims); };
  const std::vector<int64_t> exp0 = {9, 0, -1};
  auto message = [&](std::vector<TensorView> inputs, TensorView out,
                     std::vector<int64_t> program) {
    return errorOf(checkViews(OpKind::Fused, inputs, out, program));
  };
  CHECK(message({f32v({4}), f32v({4})}, f32v({4}), {4, 0, 1}).empty());

  CHECK(message({}, f32v({4}), exp0) == "fused: expected 1 to 16 inputs, got 0");
  CHECK(message(std::vector<TensorView>(17, f32v({4})), f32v({4}), exp0) ==
        "fused: expected 1 to 16 inputs, got 17");
  CHECK_THAT(message({shapeOnly(DType::I32, {4})}, shapeOnly(DType::I32, {4}), exp0),
             Contains("result has element type i32"));
  CHECK(message({f32v({4}), shapeOnly(DType::F64, {4})}, f32v({4}), {4, 0, 1}) ==
        "fused: input #1 has element type f64, but the result has f32");
  CHECK(message({f32v({4}), f32v({3})}, f32v({4}), {4, 0, 1}) ==
        "fused: input #1 of shape [3] does not broadcast with [4]");
  CHECK(message({f32v({4, 1}), f32v({3})}, f32v({4, 1}), {4, 0, 1}) ==
        "fused: result shape [4,1] should be [4,3]");

  CHECK(message({f32v({4})}, f32v({4}), {}) ==
        "fused: params must be [opcode, a, b] triples, one or more; got 0");
  CHECK(message({f32v({4})}, f32v({4}), {9, 0}) ==
        "fused: params must be [opcode, a, b] triples, one or more; got 2");
  std::vector<int64_t> tooLong;
  for (int j = 0; j < 65; ++j)
    tooLong.insert(tooLong.end(), {8, j, -1});
  CHECK(message({f32v({4})}, f32v({4}), tooLong) ==
        "fused: program has 65 instructions; at most 64 are allowed");
  for (int64_t opcode : {-1, 0, 1, 3, 18, 19, 31, 1000})
    CHECK(message({f32v({4})}, f32v({4}), {opcode, 0, -1}) ==
          "fused: instruction #0: opcode " + std::to_string(opcode) +
              " is not a unary or binary elementwise op");
  CHECK(message({f32v({4})}, f32v({4}), {9, 1, -1}) ==
        "fused: instruction #0: operand 1 is not an input or an earlier instruction");
  CHECK(message({f32v({4})}, f32v({4}), {9, 0, -1, 4, 0, 2}) ==
        "fused: instruction #1: operand 2 is not an input or an earlier instruction");
  CHECK(message({f32v({4})}, f32v({4}), {4, 0, -1}) ==
        "fused: instruction #0: operand -1 is not an input or an earlier instruction");
  CHECK(message({f32v({4})}, f32v({4}), {9, 0, 0}) ==
        "fused: instruction #0: a unary op's second operand must be -1, got 0");
}
