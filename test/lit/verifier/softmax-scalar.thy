// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// Softmax of a scalar has no axis to run along.
module @m
graph @f(%x: f32[]) -> f32[] {
  // CHECK: [[@LINE+1]]:8: error: 'softmax' op operand must have rank >= 1, got f32[]
  %p = softmax %x : (f32[]) -> f32[]
  return %p
}
// CHECK-NOT: {{(error|note):}}
