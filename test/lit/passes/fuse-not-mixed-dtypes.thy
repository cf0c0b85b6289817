// RUN: thymosc %s --passes=fuse-elementwise,verify --emit=thy | FileCheck %s
// A fused program computes in one element type: a cast splits a chain into
// an f32 part and an f64 part, and integer (i32) ops are not fused at all.
module @m

// CHECK-LABEL: graph @mixed(
graph @mixed(%x: f32[4]) -> f64[4] {
  // CHECK-NEXT: %b = fused %x {program = [9, 0, -1, 8, 1, -1]} : (f32[4]) -> f32[4]
  // CHECK-NEXT: %c = cast %b
  // CHECK-NEXT: %e = fused %c {program = [10, 0, -1, 11, 1, -1]} : (f64[4]) -> f64[4]
  // CHECK-NEXT: return %e
  %a = exp %x : (f32[4]) -> f32[4]
  %b = neg %a : (f32[4]) -> f32[4]
  %c = cast %b : (f32[4]) -> f64[4]
  %d = log %c : (f64[4]) -> f64[4]
  %e = sqrt %d : (f64[4]) -> f64[4]
  return %e
}

// CHECK-LABEL: graph @integers(
graph @integers(%x: i32[4], %y: i32[4]) -> i32[4] {
  // CHECK-NEXT: %a = add %x, %y
  // CHECK-NEXT: %b = neg %a
  // CHECK-NEXT: %c = relu %b
  // CHECK-NEXT: return %c
  %a = add %x, %y : (i32[4], i32[4]) -> i32[4]
  %b = neg %a : (i32[4]) -> i32[4]
  %c = relu %b : (i32[4]) -> i32[4]
  return %c
}
