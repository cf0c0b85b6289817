// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// matmul's rhs must be at least a matrix.
module @m
graph @f(%x: f32[2,4], %w: f32[4]) -> f32[2] {
  // CHECK: [[@LINE+1]]:8: error: 'matmul' op rhs must have rank >= 2, got f32[4]
  %y = matmul %x, %w : (f32[2,4], f32[4]) -> f32[2]
  return %y
}
// CHECK-NOT: {{(error|note):}}
