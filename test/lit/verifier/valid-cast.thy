// RUN: thymosc %s | FileCheck %s
// cast between float, integer and block-quantized element types keeps the shape.
module @m

// CHECK-LABEL: graph @casts(%x: f32[4,32], %q: q4_0[2,64]) -> f32[2,64] {
graph @casts(%x: f32[4,32], %q: q4_0[2,64]) -> f32[2,64] {
  // CHECK-NEXT: %h = cast %x : (f32[4,32]) -> f16[4,32]
  %h = cast %x : (f32[4,32]) -> f16[4,32]
  // CHECK-NEXT: %i = cast %h : (f16[4,32]) -> i32[4,32]
  %i = cast %h : (f16[4,32]) -> i32[4,32]
  // CHECK-NEXT: %q8 = cast %x : (f32[4,32]) -> q8_0[4,32]
  %q8 = cast %x : (f32[4,32]) -> q8_0[4,32]
  // CHECK-NEXT: %d = cast %q : (q4_0[2,64]) -> f32[2,64]
  %d = cast %q : (q4_0[2,64]) -> f32[2,64]
  // CHECK-NEXT: return %d
  return %d
}
