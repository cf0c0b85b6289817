// RUN: thymosc %s --passes=fuse-elementwise,verify --emit=thy | FileCheck %s
// A value used outside the group (returned, read by a non-elementwise op, or
// by another group) is not fused into it: each group would have to compute
// it and the value would still have to be written out.
module @m

// %a is returned, so exp stays; neg has no one to fuse with.
// CHECK-LABEL: graph @returned(
graph @returned(%x: f32[4]) -> (f32[4], f32[4]) {
  // CHECK-NEXT: %a = exp %x
  // CHECK-NEXT: %b = neg %a
  // CHECK-NEXT: return %b, %a
  %a = exp %x : (f32[4]) -> f32[4]
  %b = neg %a : (f32[4]) -> f32[4]
  return %b, %a
}

// %a is read by sum; the rest of the chain still fuses.
// CHECK-LABEL: graph @reduced(
graph @reduced(%x: f32[4,8]) -> (f32[4,8], f32[4]) {
  // CHECK-NEXT: %a = exp %x
  // CHECK-NEXT: %c = fused %a {program = [8, 0, -1, 13, 1, -1]} : (f32[4,8]) -> f32[4,8]
  // CHECK-NEXT: %s = sum %a
  // CHECK-NEXT: return %c, %s
  %a = exp %x : (f32[4,8]) -> f32[4,8]
  %b = neg %a : (f32[4,8]) -> f32[4,8]
  %c = relu %b : (f32[4,8]) -> f32[4,8]
  %s = sum %a {axes = [1]} : (f32[4,8]) -> f32[4]
  return %c, %s
}

// %t feeds two separate chains: each chain fuses, %t stays on its own.
// CHECK-LABEL: graph @shared(
graph @shared(%x: f32[4]) -> (f32[4], f32[4]) {
  // CHECK-NEXT: %t = sqrt %x
  // CHECK-NEXT: %u2 = fused %t {program = [9, 0, -1, 8, 1, -1]}
  // CHECK-NEXT: %v2 = fused %t {program = [10, 0, -1, 8, 1, -1]}
  // CHECK-NEXT: return %u2, %v2
  %t = sqrt %x : (f32[4]) -> f32[4]
  %u = exp %t : (f32[4]) -> f32[4]
  %u2 = neg %u : (f32[4]) -> f32[4]
  %v = log %t : (f32[4]) -> f32[4]
  %v2 = neg %v : (f32[4]) -> f32[4]
  return %u2, %v2
}
