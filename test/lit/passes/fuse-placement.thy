// RUN: thymosc %s --passes=fuse-elementwise,verify --emit=thy | FileCheck %s
// The fused op sits where the group's last op was, so an input defined
// between the group's ops (%m) is defined before it; other ops keep their
// order, and each group of a graph is replaced in place.
module @m

// CHECK-LABEL: graph @interleaved(
graph @interleaved(%x: f32[4,4], %w: f32[4,4]) -> f32[4,4] {
  // CHECK-NEXT: %m = matmul %x, %w : (f32[4,4], f32[4,4]) -> f32[4,4]
  // CHECK-NEXT: %b = fused %x, %m {program = [9, 0, -1, 4, 2, 1]} : (f32[4,4], f32[4,4]) -> f32[4,4]
  // CHECK-NEXT: return %b
  %a = exp %x : (f32[4,4]) -> f32[4,4]
  %m = matmul %x, %w : (f32[4,4], f32[4,4]) -> f32[4,4]
  %b = add %a, %m : (f32[4,4], f32[4,4]) -> f32[4,4]
  return %b
}

// CHECK-LABEL: graph @two_groups(
graph @two_groups(%x: f32[4,8], %w: f32[8,2], %c: f32[2]) -> f32[4,2] {
  // CHECK-NEXT: %n = fused %x {program = [13, 0, -1, 8, 1, -1]} : (f32[4,8]) -> f32[4,8]
  // CHECK-NEXT: %m = matmul %n, %w : (f32[4,8], f32[8,2]) -> f32[4,2]
  // CHECK-NEXT: %y = fused %m, %c {program = [4, 0, 1, 15, 2, -1]} : (f32[4,2], f32[2]) -> f32[4,2]
  // CHECK-NEXT: return %y
  %r = relu %x : (f32[4,8]) -> f32[4,8]
  %n = neg %r : (f32[4,8]) -> f32[4,8]
  %m = matmul %n, %w : (f32[4,8], f32[8,2]) -> f32[4,2]
  %a = add %m, %c : (f32[4,2], f32[2]) -> f32[4,2]
  %y = tanh %a : (f32[4,2]) -> f32[4,2]
  return %y
}
