// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// perm must have one entry per dimension.
module @m
graph @f(%x: f32[2,3,4]) -> f32[3,2,4] {
  // CHECK: [[@LINE+3]]:8: error: 'transpose' op perm has 2 entries but the operand f32[2,3,4] has rank 3
  // CHECK-NEXT: {{^}}  %t = transpose %x {perm = [1, 0]} : (f32[2,3,4]) -> f32[3,2,4]{{$}}
  // CHECK-NEXT: {{^}}       ^{{$}}
  %t = transpose %x {perm = [1, 0]} : (f32[2,3,4]) -> f32[3,2,4]
  return %t
}
// CHECK-NOT: {{(error|note):}}
