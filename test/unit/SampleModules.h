//===- SampleModules.h - .thy texts shared by the round-trip and mutation tests ===//
//
// The examples directory holds few files; these add every op and every kind of
// attribute, so that printing, re-parsing and mutating cover the whole grammar.
//
//===----------------------------------------------------------------------===//
#pragma once

namespace thymos::test {

/// Verifies: every op once, several graphs, a graph with no results.
inline constexpr const char *kEveryOpModule = R"thy(// Every op of the IR once, with attributes of every kind.
module @sampler

state @kc : f32[16,2,8]

graph @block(%x: f32[8,64], %g: f32[64], %w: f32[64,64], %wq: q8_0[128,64], %ids: i32[8], %table: q4_0[1000,64], %a: f64[4,4], %rhs: f64[4,2]) -> (f32[8,64], f64[4,2]) {
  %n = rmsnorm %x, %g {epsilon = 1.0e-5} : (f32[8,64], f32[64]) -> f32[8,64]
  %ln = layernorm %x, %g, %g {epsilon = 0.001} : (f32[8,64], f32[64], f32[64]) -> f32[8,64]
  %h = matmul %n, %w : (f32[8,64], f32[64,64]) -> f32[8,64]
  %q = matmul %ln, %wq {transpose_b = true} : (f32[8,64], q8_0[128,64]) -> f32[8,128]
  %qs = slice %q {starts = [0, 0], ends = [8, 128], steps = [1, 2]} : (f32[8,128]) -> f32[8,64]
  %e = gather %table, %ids {axis = 0} : (q4_0[1000,64], i32[8]) -> f32[8,64]
  %s1 = add %h, %qs : (f32[8,64], f32[8,64]) -> f32[8,64]
  %s2 = sub %s1, %e : (f32[8,64], f32[8,64]) -> f32[8,64]
  %m = mul %s2, %g : (f32[8,64], f32[64]) -> f32[8,64]
  %two = const {value = 2.0} : () -> f32[]
  %d = div %m, %two : (f32[8,64], f32[]) -> f32[8,64]
  %u1 = neg %d : (f32[8,64]) -> f32[8,64]
  %u2 = exp %u1 : (f32[8,64]) -> f32[8,64]
  %u3 = log %u2 : (f32[8,64]) -> f32[8,64]
  %u4 = sqrt %u3 : (f32[8,64]) -> f32[8,64]
  %u5 = rsqrt %u4 : (f32[8,64]) -> f32[8,64]
  %u6 = relu %u5 : (f32[8,64]) -> f32[8,64]
  %u7 = sigmoid %u6 : (f32[8,64]) -> f32[8,64]
  %u8 = tanh %u7 : (f32[8,64]) -> f32[8,64]
  %u9 = gelu %u8 : (f32[8,64]) -> f32[8,64]
  %u10 = silu %u9 : (f32[8,64]) -> f32[8,64]
  %half = cast %u10 : (f32[8,64]) -> f16[8,64]
  %back = cast %half : (f16[8,64]) -> f32[8,64]
  %p = softmax %back {axis = -1} : (f32[8,64]) -> f32[8,64]
  %r = reshape %p : (f32[8,64]) -> f32[8,8,8]
  %t = transpose %r {perm = [2, 0, 1]} : (f32[8,8,8]) -> f32[8,8,8]
  %ro = rope %t, %ids {freq_base = 500000.0, rotary_dims = 4} : (f32[8,8,8], i32[8]) -> f32[8,8,8]
  %sm = sum %ro {axes = [0], keepdims = true} : (f32[8,8,8]) -> f32[1,8,8]
  %mn = mean %t {axes = [1, 2]} : (f32[8,8,8]) -> f32[8]
  %mx = max %t {axes = [-1], keepdims = false} : (f32[8,8,8]) -> f32[8,8]
  %bc = broadcast %mn : (f32[8]) -> f32[8,8]
  %cat = concat %mx, %bc, %mx, %bc, %mx, %bc, %mx, %bc {axis = 1} : (f32[8,8], f32[8,8], f32[8,8], f32[8,8], f32[8,8], f32[8,8], f32[8,8], f32[8,8]) -> f32[8,64]
  %sm2 = reshape %sm : (f32[1,8,8]) -> f32[64]
  %out = add %cat, %sm2 : (f32[8,64], f32[64]) -> f32[8,64]
  %k = const {value = [[1, 2], [3, -4]]} : () -> i32[2,2]
  %kf = const {value = [[0.1, -0.0], [1e-300, -inf]]} : () -> f64[2,2]
  %kz = const {value = 0} : () -> i8[3]
  %l = cholesky %a : (f64[4,4]) -> f64[4,4]
  %y1 = triangular_solve %l, %rhs : (f64[4,4], f64[4,2]) -> f64[4,2]
  %y2 = triangular_solve %l, %y1 {lower = true, transpose_a = true} : (f64[4,4], f64[4,2]) -> f64[4,2]
  return %out, %y2
}

graph @second(%x.1: bf16[2,2]) -> bf16[2,2] {
  %y = transpose %x.1 {perm = [1, 0]} : (bf16[2,2]) -> bf16[2,2]
  return %y
}

graph @attend(%q: f32[2,4,8], %k: f32[2,2,8], %pos: i32[]) -> f32[2,4,8] state(%old = @kc) {
  %kc = cache_write %old, %k, %pos : (f32[16,2,8], f32[2,2,8], i32[]) -> f32[16,2,8]
  %a = attention %q, %kc, %kc, %pos {scale = 0.35355} : (f32[2,4,8], f32[16,2,8], f32[16,2,8], i32[]) -> f32[2,4,8]
  update @kc = %kc
  return %a
}

graph @nothing() -> () {
  return
}
)thy";

/// Parses but does not verify: attributes out of schema order and unknown to
/// the schema, extreme numbers, a use before its definition.
inline constexpr const char *kUnverifiedModule = R"thy(// Parses but does not verify: attributes out of schema order, unknown ones,
// odd numbers; the printer must still write what is there.
module @odd

graph @g(%x: f32[4]) -> f32[4] {
  %s = slice %x {ends = [2], zz = [[nan, inf], [-1.5e300, 5e-324]], starts = [0]} : (f32[4]) -> f32[2]
  %y = relu %s {big = -9223372036854775808, b = false, e = []} : (f32[2]) -> f32[4]
  %z = add %y, %later : (f32[4], f32[4]) -> f32[4]
  %later = neg %x : (f32[4]) -> f32[4]
  return %z
}
)thy";

} // namespace thymos::test
