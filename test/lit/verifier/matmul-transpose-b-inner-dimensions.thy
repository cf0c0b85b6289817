// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// With transpose_b the rhs is [n, k]: its last dimension must match lhs's.
module @m
graph @f(%x: f32[2,8], %w: f32[8,16]) -> f32[2,8] {
  // CHECK: [[@LINE+1]]:8: error: 'matmul' op inner dimensions differ (8 vs 16)
  %y = matmul %x, %w {transpose_b = true} : (f32[2,8], f32[8,16]) -> f32[2,8]
  return %y
}
// CHECK-NOT: {{(error|note):}}
