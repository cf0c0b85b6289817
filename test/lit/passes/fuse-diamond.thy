// RUN: thymosc %s --passes=fuse-elementwise,verify --emit=thy | FileCheck %s
// A value read twice, both times inside the group, is fused too: %t feeds
// both exp and log, and the program reads its value (1) twice.
module @m

// CHECK-LABEL: graph @diamond(
graph @diamond(%x: f32[16]) -> f32[16] {
  // CHECK-NEXT: %y = fused %x {program = [11, 0, -1, 9, 1, -1, 10, 1, -1, 6, 2, 3]} : (f32[16]) -> f32[16]
  // CHECK-NEXT: return %y
  %t = sqrt %x : (f32[16]) -> f32[16]
  %u = exp %t : (f32[16]) -> f32[16]
  %v = log %t : (f32[16]) -> f32[16]
  %y = mul %u, %v : (f32[16], f32[16]) -> f32[16]
  return %y
}

// An input read by several instructions is one input: x * sigmoid(x).
// CHECK-LABEL: graph @swish(
graph @swish(%x: f32[2,3]) -> f32[2,3] {
  // CHECK-NEXT: %y = fused %x {program = [14, 0, -1, 6, 0, 1]} : (f32[2,3]) -> f32[2,3]
  %s = sigmoid %x : (f32[2,3]) -> f32[2,3]
  %y = mul %x, %s : (f32[2,3], f32[2,3]) -> f32[2,3]
  return %y
}
