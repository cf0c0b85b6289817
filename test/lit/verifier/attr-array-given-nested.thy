// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// An integer-array attribute is given a nested (rank 2) array.
module @m
graph @f(%x: f32[64,4]) -> f32[4,64] {
  // CHECK: [[@LINE+1]]:22: error: 'transpose' op attribute 'perm' must be an integer array, got {{\[\[}}1, 0]]
  %t = transpose %x {perm = [[1, 0]]} : (f32[64,4]) -> f32[4,64]
  return %t
}
// CHECK-NOT: {{(error|note):}}
