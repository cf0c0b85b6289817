// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// perm repeats an index, so it is not a permutation.
module @m
graph @f(%x: f32[2,3,4]) -> f32[3,3,4] {
  // CHECK: [[@LINE+1]]:8: error: 'transpose' op perm [1,1,2] is not a permutation of 0..2
  %t = transpose %x {perm = [1, 1, 2]} : (f32[2,3,4]) -> f32[3,3,4]
  return %t
}
// CHECK-NOT: {{(error|note):}}
