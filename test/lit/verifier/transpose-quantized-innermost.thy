// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// Moving the innermost dimension of a q4_0 tensor would split its blocks.
module @m
graph @f(%w: q4_0[32,64]) -> q4_0[64,32] {
  // CHECK: [[@LINE+1]]:8: error: 'transpose' op cannot move the innermost dimension of a q4_0 tensor: its blocks run along it
  %t = transpose %w {perm = [1, 0]} : (q4_0[32,64]) -> q4_0[64,32]
  return %t
}
// CHECK-NOT: {{(error|note):}}
