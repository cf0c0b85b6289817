//===- TypeRulesTest.cpp - Shape rules and the verifier on IR built in code -===//
//
// Graphs are built with Graph::addArgument/addOp, so they carry no source
// locations; diagnostics then print as bare "error: message" lines.
//
//===----------------------------------------------------------------------===//

#include "ir/Module.h"
#include "ir/TypeRules.h"
#include "passes/Verifier.h"

#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <catch2/catch.hpp>

#include <limits>
#include <optional>
#include <string>
#include <vector>

using namespace thymos;
using namespace thymos::ir;
using Catch::Matchers::Contains;

namespace {

using Shape = std::vector<int64_t>;

std::optional<Shape> broadcast(const Shape &a, const Shape &b) {
  auto result = broadcastShapes(a, b);
  if (!result)
    return std::nullopt;
  return Shape(result->begin(), result->end());
}

TensorType f32(llvm::ArrayRef<int64_t> dims) { return TensorType(DType::F32, dims); }
TensorType i32(llvm::ArrayRef<int64_t> dims) { return TensorType(DType::I32, dims); }

NamedAttribute attr(std::string name, Attribute value) {
  return NamedAttribute{std::move(name), std::move(value), llvm::SMLoc()};
}
NamedAttribute ints(std::string name, std::vector<int64_t> values) {
  return attr(std::move(name), Attribute::integerArray(values));
}

struct Verified {
  bool ok;
  std::string diagnostics;
};

Verified verify(const Module &module) {
  llvm::SourceMgr sourceMgr;
  std::string text;
  llvm::raw_string_ostream os(text);
  DiagnosticEngine diag(sourceMgr, os);
  bool ok = passes::verifyModule(module, diag);
  os.flush();
  return {ok, text};
}

/// A graph `@g` with one op of `kind` over fresh arguments of `argTypes`,
/// returning its result typed `codomain`.
Verified verifyOneOp(OpKind kind, std::vector<TensorType> argTypes,
                     std::vector<NamedAttribute> attrs, TensorType codomain) {
  Module module("m");
  Graph *g = module.addGraph("g");
  std::vector<Value *> args;
  for (size_t i = 0; i < argTypes.size(); ++i)
    args.push_back(g->addArgument("a" + std::to_string(i), argTypes[i]));
  Operation *op = g->addOp(kind, args, std::move(attrs), {codomain}, {"r"});
  g->setResultTypes({codomain});
  g->setReturn({op->result()});
  return verify(module);
}

void checkAccepted(const Verified &v) {
  INFO(v.diagnostics);
  CHECK(v.ok);
  CHECK(v.diagnostics.empty());
}

void checkRejected(const Verified &v, const std::string &message) {
  INFO(v.diagnostics);
  CHECK_FALSE(v.ok);
  CHECK_THAT(v.diagnostics, Contains("error: " + message));
}

} // namespace

TEST_CASE("broadcastShapes follows NumPy's rules", "[TypeRules][broadcast]") {
  struct Case {
    Shape a, b;
    std::optional<Shape> expected;
  };
  const Case cases[] = {
      {{}, {}, Shape{}},
      {{3}, {}, Shape{3}},
      {{64, 1}, {1}, Shape{64, 1}},
      {{64, 4}, {4}, Shape{64, 4}},
      {{64, 1}, {4}, Shape{64, 4}},
      {{2, 1, 3}, {4, 1}, Shape{2, 4, 3}},
      {{1}, {5}, Shape{5}},
      {{8, 1, 6, 1}, {7, 1, 5}, Shape{8, 7, 6, 5}},
      {{15, 3, 5}, {15, 1, 5}, Shape{15, 3, 5}},
      {{5, 4}, {1}, Shape{5, 4}},
      {{1, 1}, {1}, Shape{1, 1}},
      {{256, 256, 3}, {3}, Shape{256, 256, 3}},
      {{3}, {4}, std::nullopt},
      {{2, 3}, {3, 2}, std::nullopt},
      {{2, 1}, {8, 4, 3}, std::nullopt},
      {{4, 3}, {2, 4, 1}, Shape{2, 4, 3}},
  };
  for (const Case &c : cases) {
    INFO("a = " << shapeStr(c.a) << ", b = " << shapeStr(c.b));
    CHECK(broadcast(c.a, c.b) == c.expected);
    CHECK(broadcast(c.b, c.a) == c.expected);
  }
}

TEST_CASE("linear regression built in code verifies", "[TypeRules][verifier]") {
  Module module("linreg");
  Graph *g = module.addGraph("predict");
  Value *x = g->addArgument("x", f32({64, 4}));
  Value *w = g->addArgument("w", f32({4, 1}));
  Value *b = g->addArgument("b", f32({1}));
  Operation *xw = g->addOp(OpKind::MatMul, {x, w}, {}, {f32({64, 1})}, {"xw"});
  Operation *y = g->addOp(OpKind::Add, {xw->result(), b}, {}, {f32({64, 1})}, {"y"});
  g->setResultTypes({f32({64, 1})});
  g->setReturn({y->result()});
  checkAccepted(verify(module));
}

TEST_CASE("matmul shapes", "[TypeRules][matmul]") {
  checkAccepted(verifyOneOp(OpKind::MatMul, {f32({2, 8, 4}), f32({4, 3})}, {}, f32({2, 8, 3})));
  checkAccepted(verifyOneOp(OpKind::MatMul, {f32({5, 1, 8, 4}), f32({7, 4, 3})}, {},
                            f32({5, 7, 8, 3})));
  checkAccepted(verifyOneOp(OpKind::MatMul, {f32({8, 4}), f32({3, 4})},
                            {attr("transpose_b", Attribute::boolean(true))}, f32({8, 3})));
  checkRejected(verifyOneOp(OpKind::MatMul, {f32({64, 4}), f32({3, 1})}, {}, f32({64, 1})),
                "'matmul' op inner dimensions differ (4 vs 3)");
  checkRejected(verifyOneOp(OpKind::MatMul, {f32({4}), f32({4, 1})}, {}, f32({1})),
                "'matmul' op lhs must have rank >= 2, got f32[4]");
  checkRejected(
      verifyOneOp(OpKind::MatMul, {f32({2, 8, 4}), f32({3, 4, 1})}, {}, f32({2, 8, 1})),
      "'matmul' op batch dimensions [2] and [3] do not broadcast");
}

TEST_CASE("matmul with block-quantized weights", "[TypeRules][matmul]") {
  TensorType weights(DType::Q4_0, {256, 64});
  auto transposeB = [] { return attr("transpose_b", Attribute::boolean(true)); };
  checkAccepted(verifyOneOp(OpKind::MatMul, {f32({1, 64}), weights}, {transposeB()},
                            f32({1, 256})));
  checkRejected(verifyOneOp(OpKind::MatMul, {f32({1, 256}), weights}, {}, f32({1, 64})),
                "'matmul' op a q4_0 rhs is stored as [n, k] rows of blocks: set "
                "transpose_b = true");
  checkRejected(verifyOneOp(OpKind::MatMul, {TensorType(DType::F16, {1, 64}), weights},
                            {transposeB()}, TensorType(DType::F16, {1, 256})),
                "'matmul' op a q4_0 rhs needs an f32 lhs, got f16");
}

TEST_CASE("broadcasting binary ops", "[TypeRules][elementwise]") {
  checkAccepted(verifyOneOp(OpKind::Add, {f32({64, 1}), f32({4})}, {}, f32({64, 4})));
  checkAccepted(verifyOneOp(OpKind::Mul, {f32({}), f32({2, 3})}, {}, f32({2, 3})));
  checkRejected(verifyOneOp(OpKind::Add, {f32({64, 1}), f32({1})}, {}, f32({64, 2})),
                "'add' op codomain is f32[64,2], but the domain (f32[64,1], f32[1]) gives "
                "f32[64,1]");
  checkRejected(verifyOneOp(OpKind::Sub, {f32({3}), i32({3})}, {}, f32({3})),
                "'sub' op operand element types differ (f32 vs i32)");
  checkRejected(verifyOneOp(OpKind::Div, {f32({3}), f32({4})}, {}, f32({4})),
                "'div' op operand shapes [3] and [4] do not broadcast");
}

TEST_CASE("unary ops check element types", "[TypeRules][elementwise]") {
  checkAccepted(verifyOneOp(OpKind::Relu, {i32({4})}, {}, i32({4})));
  checkAccepted(verifyOneOp(OpKind::Gelu, {f32({4, 8})}, {}, f32({4, 8})));
  checkRejected(verifyOneOp(OpKind::Exp, {i32({4})}, {}, i32({4})),
                "'exp' op operand #0 must be a tensor of f64 or f32 values, got i32[4]");
  checkRejected(verifyOneOp(OpKind::Silu, {f32({4})}, {}, f32({5})),
                "'silu' op codomain is f32[5], but the domain (f32[4]) gives f32[4]");
  checkRejected(verifyOneOp(OpKind::Relu, {f32({4}), f32({4})}, {}, f32({4})),
                "'relu' op expects 1 operand, but 2 were given");
}

TEST_CASE("reductions", "[TypeRules][reduce]") {
  checkAccepted(verifyOneOp(OpKind::Sum, {f32({64, 4})},
                            {ints("axes", {1}), attr("keepdims", Attribute::boolean(true))},
                            f32({64, 1})));
  checkAccepted(verifyOneOp(OpKind::Sum, {f32({64, 4})}, {ints("axes", {-1})}, f32({64})));
  checkAccepted(verifyOneOp(OpKind::Mean, {f32({64, 4})}, {ints("axes", {0, 1})}, f32({})));
  checkAccepted(verifyOneOp(OpKind::Max, {f32({2, 3, 4})},
                            {ints("axes", {0, 2}), attr("keepdims", Attribute::boolean(true))},
                            f32({1, 3, 1})));
  checkRejected(verifyOneOp(OpKind::Sum, {f32({64, 4})}, {}, f32({64})),
                "'sum' op requires attribute 'axes' (integer array)");
  checkRejected(verifyOneOp(OpKind::Sum, {f32({64, 4})}, {ints("axes", {1, -1})}, f32({64})),
                "'sum' op dimension 1 appears twice in axes");
  checkRejected(verifyOneOp(OpKind::Sum, {f32({64, 4})}, {ints("axes", {2})}, f32({64})),
                "'sum' op axis 2 is out of range for rank 2");
  checkRejected(verifyOneOp(OpKind::Sum, {f32({64, 4})}, {ints("axes", {})}, f32({64, 4})),
                "'sum' op axes must name at least one dimension");
}

TEST_CASE("softmax and normalizations", "[TypeRules][normalization]") {
  checkAccepted(verifyOneOp(OpKind::Softmax, {f32({4, 10})}, {}, f32({4, 10})));
  checkAccepted(verifyOneOp(OpKind::Softmax, {f32({4, 10})}, {attr("axis", Attribute::integer(0))},
                            f32({4, 10})));
  checkRejected(verifyOneOp(OpKind::Softmax, {f32({4, 10})},
                            {attr("axis", Attribute::integer(2))}, f32({4, 10})),
                "'softmax' op axis 2 is out of range for rank 2");
  checkRejected(verifyOneOp(OpKind::Softmax, {f32({})}, {}, f32({})),
                "'softmax' op operand must have rank >= 1, got f32[]");
  checkAccepted(verifyOneOp(OpKind::RmsNorm, {f32({8, 64}), f32({64})},
                            {attr("epsilon", Attribute::floating(1e-5))}, f32({8, 64})));
  checkAccepted(verifyOneOp(OpKind::LayerNorm, {f32({8, 64}), f32({64}), f32({64})}, {},
                            f32({8, 64})));
  checkRejected(verifyOneOp(OpKind::RmsNorm, {f32({8, 64}), f32({32})}, {}, f32({8, 64})),
                "'rmsnorm' op weight must have type f32[64] (x's element type and last "
                "dimension), got f32[32]");
  checkRejected(verifyOneOp(OpKind::RmsNorm, {f32({8, 64}), f32({64})},
                            {attr("epsilon", Attribute::floating(-1.0))}, f32({8, 64})),
                "'rmsnorm' op epsilon must be a finite number >= 0, got -1.0");
}

TEST_CASE("data movement ops", "[TypeRules][shape]") {
  checkAccepted(verifyOneOp(OpKind::Transpose, {f32({64, 4})}, {ints("perm", {1, 0})},
                            f32({4, 64})));
  checkRejected(verifyOneOp(OpKind::Transpose, {f32({64, 4})}, {ints("perm", {0, 0})},
                            f32({64, 4})),
                "'transpose' op perm [0,0] is not a permutation of 0..1");
  checkAccepted(verifyOneOp(OpKind::Reshape, {f32({64, 4})}, {}, f32({16, 16})));
  checkRejected(verifyOneOp(OpKind::Reshape, {f32({64, 4})}, {}, f32({16, 15})),
                "'reshape' op cannot reshape f32[64,4] (256 elements) into f32[16,15] (240 "
                "elements)");
  checkAccepted(verifyOneOp(OpKind::Broadcast, {f32({4})}, {}, f32({64, 4})));
  checkRejected(verifyOneOp(OpKind::Broadcast, {f32({64, 4})}, {}, f32({4})),
                "'broadcast' op f32[64,4] does not broadcast to shape [4]");
  checkAccepted(verifyOneOp(OpKind::Slice, {f32({64, 4})},
                            {ints("starts", {0, 1}), ints("ends", {64, 3})}, f32({64, 2})));
  // ceil((63 - 0) / 2) = 32 and ceil((4 - 1) / 2) = 2.
  checkAccepted(verifyOneOp(OpKind::Slice, {f32({64, 4})},
                            {ints("starts", {0, 1}), ints("ends", {63, 4}),
                             ints("steps", {2, 2})},
                            f32({32, 2})));
  // The largest step the text can hold (2^53) keeps one element.
  checkAccepted(verifyOneOp(OpKind::Slice, {f32({4})},
                            {ints("starts", {0}), ints("ends", {4}),
                             ints("steps", {int64_t(1) << 53})},
                            f32({1})));
  checkRejected(verifyOneOp(OpKind::Slice, {f32({64, 4})},
                            {ints("starts", {0, 3}), ints("ends", {64, 3})}, f32({64, 1})),
                "'slice' op dimension 1 of size 4 cannot be sliced from 3 to 3");
  checkAccepted(verifyOneOp(OpKind::Concat, {f32({4, 2}), f32({4, 3})},
                            {attr("axis", Attribute::integer(-1))}, f32({4, 5})));
  checkRejected(verifyOneOp(OpKind::Concat, {f32({4, 2}), f32({5, 3})},
                            {attr("axis", Attribute::integer(1))}, f32({4, 5})),
                "'concat' op input #1 has size 5 in dimension 0, but input #0 has 4");
  checkRejected(verifyOneOp(OpKind::Concat, {}, {attr("axis", Attribute::integer(0))},
                            f32({4})),
                "'concat' op expects at least 1 operand, but 0 were given");
  checkAccepted(verifyOneOp(OpKind::Gather, {f32({100, 64}), i32({8})},
                            {attr("axis", Attribute::integer(0))}, f32({8, 64})));
  checkAccepted(verifyOneOp(OpKind::Gather, {TensorType(DType::Q8_0, {100, 64}), i32({2, 3})},
                            {}, f32({2, 3, 64})));
}

TEST_CASE("rope", "[TypeRules][rope]") {
  auto dims = [](int64_t n) { return attr("rotary_dims", Attribute::integer(n)); };
  checkAccepted(verifyOneOp(OpKind::Rope, {f32({8, 4, 64}), i32({8})}, {dims(64)},
                            f32({8, 4, 64})));
  checkAccepted(verifyOneOp(OpKind::Rope, {f32({1, 4, 64}), i32({1})},
                            {attr("freq_base", Attribute::floating(5e5)), dims(32)},
                            f32({1, 4, 64})));
  checkRejected(verifyOneOp(OpKind::Rope, {f32({8, 64}), i32({8})}, {dims(64)}, f32({8, 64})),
                "'rope' op x must have rank 3 (tokens, heads, head dimension), got f32[8,64]");
  checkRejected(verifyOneOp(OpKind::Rope, {f32({8, 4, 64}), i32({4})}, {dims(64)},
                            f32({8, 4, 64})),
                "'rope' op pos must have shape [8] (one position per token of x), got i32[4]");
  checkRejected(verifyOneOp(OpKind::Rope, {f32({8, 4, 64}), i32({8})}, {dims(66)},
                            f32({8, 4, 64})),
                "'rope' op rotary_dims must be even and in 2..64 (the head dimension), got 66");
  checkRejected(verifyOneOp(OpKind::Rope, {f32({8, 4, 64}), i32({8})},
                            {attr("freq_base", Attribute::floating(0.0)), dims(64)},
                            f32({8, 4, 64})),
                "'rope' op freq_base must be a finite number > 0, got 0");
}

TEST_CASE("cache_write", "[TypeRules][cache_write]") {
  auto f64 = [](llvm::ArrayRef<int64_t> d) { return TensorType(DType::F64, d); };
  checkAccepted(verifyOneOp(OpKind::CacheWrite, {f32({2048, 4, 64}), f32({1, 4, 64}), i32({})},
                            {}, f32({2048, 4, 64})));
  checkAccepted(verifyOneOp(OpKind::CacheWrite, {f64({8, 2}), f64({8, 2}), i32({})}, {},
                            f64({8, 2}))); // as many rows as the cache
  checkAccepted(verifyOneOp(OpKind::CacheWrite, {f32({16}), f32({3}), i32({})}, {}, f32({16})));
  checkRejected(verifyOneOp(OpKind::CacheWrite, {f32({}), f32({}), i32({})}, {}, f32({})),
                "'cache_write' op cache must have rank >= 1 (rows first), got f32[]");
  checkRejected(verifyOneOp(OpKind::CacheWrite, {f32({16, 4}), f64({1, 4}), i32({})}, {},
                            f32({16, 4})),
                "'cache_write' op rows must have cache's rank and element type (f32), got "
                "f64[1,4] for cache f32[16,4]");
  // f16 and q8_0 caches hold rows computed in f32.
  checkAccepted(verifyOneOp(OpKind::CacheWrite,
                            {TensorType(DType::F16, {16, 4}), f32({1, 4}), i32({})}, {},
                            TensorType(DType::F16, {16, 4})));
  checkAccepted(verifyOneOp(OpKind::CacheWrite,
                            {TensorType(DType::Q8_0, {16, 64}), f32({2, 64}), i32({})}, {},
                            TensorType(DType::Q8_0, {16, 64})));
  // (A q8_0 type's innermost dimension is whole blocks of 32: the type says so.)
  checkRejected(verifyOneOp(OpKind::CacheWrite, {f32({16, 4}), f32({4}), i32({})}, {},
                            f32({16, 4})),
                "'cache_write' op rows must have cache's rank and element type (f32), got f32[4] "
                "for cache f32[16,4]");
  checkRejected(verifyOneOp(OpKind::CacheWrite, {f32({16, 4, 8}), f32({1, 4, 4}), i32({})}, {},
                            f32({16, 4, 8})),
                "'cache_write' op rows must match cache in every dimension after the first, "
                "got f32[1,4,4] for cache f32[16,4,8]");
  checkRejected(verifyOneOp(OpKind::CacheWrite, {f32({16, 4}), f32({17, 4}), i32({})}, {},
                            f32({16, 4})),
                "'cache_write' op rows has 17 rows, more than the cache's 16");
  checkRejected(verifyOneOp(OpKind::CacheWrite, {f32({16, 4}), f32({1, 4}), i32({1})}, {},
                            f32({16, 4})),
                "'cache_write' op pos must be a scalar i32[] (the position of the first row), "
                "got i32[1]");
  checkRejected(verifyOneOp(OpKind::CacheWrite, {f32({16, 4}), f32({1, 4}), f32({})}, {},
                            f32({16, 4})),
                "'cache_write' op operand #2 must be a tensor of i32 values, got f32[]");
  checkRejected(verifyOneOp(OpKind::CacheWrite, {f32({16, 4}), f32({1, 4}), i32({})}, {},
                            f32({8, 4})),
                "'cache_write' op codomain is f32[8,4], but the domain (f32[16,4], f32[1,4], "
                "i32[]) gives f32[16,4]");
}

TEST_CASE("attention", "[TypeRules][attention]") {
  auto scale = [](double s) { return attr("scale", Attribute::floating(s)); };
  auto attention = [&](std::vector<TensorType> args, std::vector<NamedAttribute> attrs,
                       TensorType codomain) {
    return verifyOneOp(OpKind::Attention, std::move(args), std::move(attrs), codomain);
  };
  const TensorType q = f32({1, 8, 64}), kv = f32({2048, 2, 64}), pos = i32({});
  checkAccepted(attention({q, kv, kv, pos}, {scale(0.125)}, q));
  checkAccepted(attention({f32({16, 4, 64}), f32({16, 4, 64}), f32({16, 4, 64}), pos},
                          {scale(-2.0)}, f32({16, 4, 64}))); // H == G, T == C
  checkAccepted(attention({f32({1, 1, 1024}), f32({4, 1, 1024}), f32({4, 1, 1024}), pos},
                          {scale(0.0)}, f32({1, 1, 1024})));
  checkRejected(attention({f32({8, 64}), kv, kv, pos}, {scale(0.125)}, f32({8, 64})),
                "'attention' op q must have rank 3 (tokens, heads, head dimension), got "
                "f32[8,64]");
  for (const TensorType &k : {f32({2048, 128}), TensorType(DType::F64, {2048, 2, 64}),
                              f32({2048, 2, 32})})
    checkRejected(attention({q, k, k, pos}, {scale(0.125)}, q),
                  "'attention' op k must be a cache [positions, key/value heads, 64] of q's "
                  "element type (or f16 or q8_0 for an f32 q), got " +
                      k.str());
  // f16 and q8_0 caches, read with an f32 q.
  for (DType cache : {DType::F16, DType::Q8_0})
    checkAccepted(attention({q, TensorType(cache, {2048, 2, 64}), TensorType(cache, {2048, 2, 64}),
                             pos},
                            {scale(0.125)}, q));
  checkRejected(attention({q, kv, f32({1024, 2, 64}), pos}, {scale(0.125)}, q),
                "'attention' op v must have k's type f32[2048,2,64], got f32[1024,2,64]");
  checkRejected(attention({q, f32({2048, 3, 64}), f32({2048, 3, 64}), pos}, {scale(0.125)}, q),
                "'attention' op q's 8 heads must be a multiple of the cache's 3 key/value heads");
  checkRejected(attention({f32({1, 2, 64}), f32({8, 4, 64}), f32({8, 4, 64}), pos},
                          {scale(0.125)}, f32({1, 2, 64})),
                "'attention' op q's 2 heads must be a multiple of the cache's 4 key/value heads");
  checkRejected(attention({f32({1, 1, 1025}), f32({4, 1, 1025}), f32({4, 1, 1025}), pos},
                          {scale(0.125)}, f32({1, 1, 1025})),
                "'attention' op the head dimension 1025 is more than 1024");
  checkRejected(attention({f32({9, 8, 64}), f32({8, 2, 64}), f32({8, 2, 64}), pos},
                          {scale(0.125)}, f32({9, 8, 64})),
                "'attention' op q has 9 tokens, more than the cache's 8 positions");
  checkRejected(attention({q, kv, kv, i32({1})}, {scale(0.125)}, q),
                "'attention' op pos must be a scalar i32[] (the position of the first query), got "
                "i32[1]");
  checkRejected(attention({q, kv, kv, pos}, {scale(std::numeric_limits<double>::infinity())}, q),
                "'attention' op scale must be a finite number, got inf");
  checkRejected(attention({q, kv, kv, pos}, {}, q),
                "'attention' op requires attribute 'scale'");
}

TEST_CASE("const values against the codomain", "[TypeRules][const]") {
  checkAccepted(verifyOneOp(OpKind::Const, {},
                            {attr("value", Attribute::array({2, 1}, {0.5, -1.0}, false))},
                            f32({2, 1})));
  checkAccepted(verifyOneOp(OpKind::Const, {}, {attr("value", Attribute::integer(0))},
                            i32({4})));
  checkRejected(verifyOneOp(OpKind::Const, {}, {attr("value", Attribute::floating(0.5))},
                            i32({4})),
                "'const' op value 0.5 is not an integer, but the codomain's element type is "
                "i32");
  checkRejected(verifyOneOp(OpKind::Const, {}, {attr("value", Attribute::integer(300))},
                            TensorType(DType::I8, {2})),
                "'const' op value 300 does not fit in i8");
  checkRejected(verifyOneOp(OpKind::Const, {},
                            {attr("value", Attribute::array({3}, {1, 2, 3}, true))},
                            f32({2})),
                "'const' op value has shape [3] but the codomain f32[2] has shape [2]");
}

TEST_CASE("attribute schema checks", "[TypeRules][attributes]") {
  checkRejected(verifyOneOp(OpKind::Relu, {f32({4})}, {attr("foo", Attribute::integer(1))},
                            f32({4})),
                "'relu' op has no attribute 'foo' (it takes none)");
  checkRejected(verifyOneOp(OpKind::Softmax, {f32({4})}, {attr("foo", Attribute::integer(1))},
                            f32({4})),
                "'softmax' op has no attribute 'foo' (it accepts: axis)");
  checkRejected(verifyOneOp(OpKind::Softmax, {f32({4})},
                            {attr("axis", Attribute::integer(0)),
                             attr("axis", Attribute::integer(0))},
                            f32({4})),
                "'softmax' op attribute 'axis' is given twice");
  checkRejected(verifyOneOp(OpKind::Transpose, {f32({2, 2})},
                            {attr("perm", Attribute::array({2}, {1.5, 0}, false))},
                            f32({2, 2})),
                "'transpose' op attribute 'perm' must be an integer array, got [1.5, 0.0]");
}

// Users quote these messages; "a integer" reads as a typo.
TEST_CASE("attribute kind diagnostics use the right article", "[TypeRules][attributes]") {
  checkRejected(verifyOneOp(OpKind::Softmax, {f32({4})},
                            {attr("axis", Attribute::floating(1.5))}, f32({4})),
                "'softmax' op attribute 'axis' must be an integer, got 1.5");
}

TEST_CASE("well-formed types and SSA", "[TypeRules][verifier]") {
  checkRejected(verifyOneOp(OpKind::Relu, {f32({0})}, {}, f32({0})),
                "argument %a0 has invalid type f32[0]: dimension 0 is 0, but dimensions must "
                "be positive");

  Module module("m");
  Graph *g = module.addGraph("g");
  Value *x = g->addArgument("x", f32({4}));
  Value *later = g->createValue("later");
  Operation *first = g->addOp(OpKind::Relu, {later}, {}, {f32({4})}, {"first"});
  OperationState state{OpKind::Exp, {}, {x}, {}, {f32({4})}, {}, {}, {later}, {f32({4})}, {}};
  g->createOp(std::move(state));
  g->setResultTypes({f32({4})});
  g->setReturn({first->result()});

  Graph *other = module.addGraph("other");
  Value *y = other->addArgument("y", f32({4}));
  other->addOp(OpKind::Neg, {x}, {}, {f32({4})}, {"n"});
  other->setResultTypes({f32({4}), f32({4})});
  other->setReturn({y});

  Graph *third = module.addGraph("g");
  third->addArgument("x", f32({4}));
  third->addArgument("x", f32({4}));
  third->setResultTypes({f32({2})});

  Verified v = verify(module);
  INFO(v.diagnostics);
  CHECK_FALSE(v.ok);
  CHECK_THAT(v.diagnostics,
             Contains("error: 'relu' op operand #0 (%later) is used before its definition"));
  CHECK_THAT(v.diagnostics,
             Contains("error: 'neg' op operand #0 (%x) is not defined in graph '@other'"));
  CHECK_THAT(v.diagnostics,
             Contains("error: 'return' gives 1 value, but graph '@other' declares 2 results"));
  CHECK_THAT(v.diagnostics, Contains("error: redefinition of graph '@g'"));
  CHECK_THAT(v.diagnostics,
             Contains("error: value name '%x' is defined twice in graph '@g'"));
  CHECK_THAT(v.diagnostics, Contains("error: graph '@g' does not end with 'return'"));
}

TEST_CASE("return values are checked against the result types", "[TypeRules][verifier]") {
  Module module("m");
  Graph *g = module.addGraph("g");
  Value *x = g->addArgument("x", f32({64, 4}));
  g->setResultTypes({f32({64, 1})});
  g->setReturn({x});
  checkRejected(verify(module), "'return' value #0 (%x) has type f32[64,4], but graph '@g' "
                                "declares result type f32[64,1]");
}

TEST_CASE("every violation in a module is reported", "[TypeRules][verifier]") {
  Module module("m");
  Graph *g = module.addGraph("g");
  Value *x = g->addArgument("x", f32({4}));
  g->addOp(OpKind::Exp, {x}, {}, {f32({5})}, {"a"});
  g->addOp(OpKind::Log, {x}, {}, {f32({6})}, {"b"});
  Operation *ok = g->addOp(OpKind::Sqrt, {x}, {}, {f32({4})}, {"c"});
  g->setResultTypes({f32({4})});
  g->setReturn({ok->result()});
  llvm::SourceMgr sourceMgr;
  std::string text;
  llvm::raw_string_ostream os(text);
  DiagnosticEngine diag(sourceMgr, os);
  CHECK_FALSE(passes::verifyModule(module, diag));
  os.flush();
  INFO(text);
  CHECK(diag.errorCount() == 2);
  CHECK_THAT(text, Contains("'exp' op codomain is f32[5]"));
  CHECK_THAT(text, Contains("'log' op codomain is f32[6]"));
}

TEST_CASE("an op with no codomain is rejected, not dereferenced", "[TypeRules][verifier]") {
  Module module("m");
  Graph *g = module.addGraph("g");
  Value *x = g->addArgument("x", f32({4}));
  g->addOp(OpKind::Relu, {x}, {}, {});
  g->setResultTypes({f32({4})});
  g->setReturn({x});
  Verified v = verify(module);
  INFO(v.diagnostics);
  CHECK_FALSE(v.ok);
  CHECK_THAT(v.diagnostics, Contains("its codomain lists 0 types"));
}
