// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// perm names a dimension the operand does not have.
module @m
graph @f(%x: f32[2,3]) -> f32[3,2] {
  // CHECK: [[@LINE+1]]:8: error: 'transpose' op perm [-1,0] is not a permutation of 0..1
  %t = transpose %x {perm = [-1, 0]} : (f32[2,3]) -> f32[3,2]
  return %t
}
// CHECK-NOT: {{(error|note):}}
