// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// 'mean' accepts f64 and f32 tensors only ('sum' also takes i32).
module @m
graph @f(%x: i8[4,4]) -> f32[4] {
  // CHECK: [[@LINE+1]]:32: error: 'mean' op operand #0 must be a tensor of f64 or f32 values, got i8[4,4]
  %y = mean %x {axes = [1]} : (i8[4,4]) -> f32[4]
  return %y
}
// CHECK-NOT: {{(error|note):}}
