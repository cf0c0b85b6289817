// RUN: thymosc %s > %t.1 && thymosc %t.1 > %t.2 && diff %t.1 %t.2
// RUN: FileCheck %s < %t.1
// Every element type prints under its own name; value names with '.', '_' and
// digits are kept as written.
module @m

// CHECK: graph @f(%a.b_1: f64[1], %q: q8_0[32], %r: q4_0[32], %h: f16[2], %bf: bf16[2], %i8: i8[2], %j: i32[], %0: f32[1]) -> f64[1] {
graph @f(%a.b_1: f64[1], %q: q8_0[32], %r: q4_0[32], %h: f16[2], %bf: bf16[2], %i8: i8[2], %j: i32[], %0: f32[1]) -> f64[1] {
  return %a.b_1
}
