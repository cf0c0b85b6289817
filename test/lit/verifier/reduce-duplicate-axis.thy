// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// Axes 1 and -1 name the same dimension of a rank-2 tensor.
module @m
graph @f(%x: f32[64,4]) -> f32[64] {
  // CHECK: [[@LINE+1]]:8: error: 'max' op dimension 1 appears twice in axes
  %s = max %x {axes = [1, -1]} : (f32[64,4]) -> f32[64]
  return %s
}
// CHECK-NOT: {{(error|note):}}
