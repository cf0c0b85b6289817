// RUN: thymosc %s | FileCheck %s
// The linear-regression example verifies and prints unchanged.
module @linreg

// CHECK-LABEL: graph @predict(%x: f32[64,4], %w: f32[4,1], %b: f32[1]) -> f32[64,1] {
// CHECK-NEXT:    %xw = matmul %x, %w : (f32[64,4], f32[4,1]) -> f32[64,1]
// CHECK-NEXT:    %y = add %xw, %b : (f32[64,1], f32[1]) -> f32[64,1]
// CHECK-NEXT:    return %y
// CHECK-NEXT:  }
graph @predict(%x: f32[64,4], %w: f32[4,1], %b: f32[1]) -> f32[64,1] {
  %xw = matmul %x, %w : (f32[64,4], f32[4,1]) -> f32[64,1]
  %y = add %xw, %b : (f32[64,1], f32[1]) -> f32[64,1]
  return %y
}
