// RUN: thymosc %s --passes=fuse-elementwise,verify --emit=thy | FileCheck %s
// Only elementwise arithmetic fuses: softmax, matmul and reshape in a chain
// split it, and a lone elementwise op between them stays as it is.
module @m

// CHECK-LABEL: graph @split(
graph @split(%x: f32[4,8], %w: f32[8,8]) -> f32[32] {
  // CHECK-NEXT: %a = exp %x
  // CHECK-NEXT: %s = softmax %a
  // CHECK-NEXT: %b = neg %s
  // CHECK-NEXT: %m = matmul %b, %w
  // CHECK-NEXT: %c = fused %m {program = [13, 0, -1, 15, 1, -1]} : (f32[4,8]) -> f32[4,8]
  // CHECK-NEXT: %r = reshape %c
  // CHECK-NEXT: %y = fused %r {program = [11, 0, -1, 9, 1, -1]} : (f32[32]) -> f32[32]
  // CHECK-NEXT: return %y
  %a = exp %x : (f32[4,8]) -> f32[4,8]
  %s = softmax %a : (f32[4,8]) -> f32[4,8]
  %b = neg %s : (f32[4,8]) -> f32[4,8]
  %m = matmul %b, %w : (f32[4,8], f32[8,8]) -> f32[4,8]
  %c0 = relu %m : (f32[4,8]) -> f32[4,8]
  %c = tanh %c0 : (f32[4,8]) -> f32[4,8]
  %r = reshape %c : (f32[4,8]) -> f32[32]
  %y0 = sqrt %r : (f32[32]) -> f32[32]
  %y = exp %y0 : (f32[32]) -> f32[32]
  return %y
}
