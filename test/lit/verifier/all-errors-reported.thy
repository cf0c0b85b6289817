// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// Every broken op of a module is reported, in source order, across graphs.
module @m
graph @f(%x: f32[64,4], %w: f32[3,1], %i: i32[4]) -> f32[64,1] {
  // CHECK: [[@LINE+1]]:9: error: 'matmul' op inner dimensions differ (4 vs 3)
  %xw = matmul %x, %w : (f32[64,4], f32[3,1]) -> f32[64,1]
  // CHECK-NEXT: {{^}}  %xw = matmul
  // CHECK: [[@LINE+1]]:18: error: 'exp' op operand #0 must be a tensor of f64 or f32 values, got i32[4]
  %e = exp %i : (i32[4]) -> f32[4]
  // CHECK: [[@LINE+1]]:8: error: 'sum' op requires attribute 'axes' (integer array)
  %s = sum %x : (f32[64,4]) -> f32[64]
  // CHECK: [[@LINE+1]]:18: error: 'neg' op operand #0 (%w) has type f32[3,1], but the domain declares f32[3]
  %n = neg %w : (f32[3]) -> f32[3]
  // This op is valid and produces no diagnostic.
  %r = relu %x : (f32[64,4]) -> f32[64,4]
  // CHECK: [[@LINE+1]]:10: error: 'return' value #0 (%r) has type f32[64,4], but graph '@f' declares result type f32[64,1]
  return %r
}
graph @g(%x: f32[4,10]) -> f32[4,10] {
  // CHECK: [[@LINE+1]]:8: error: 'softmax' op axis 2 is out of range for rank 2
  %p = softmax %x {axis = 2} : (f32[4,10]) -> f32[4,10]
  // CHECK: [[@LINE+1]]:54: error: 'transpose' op codomain is f32[4,10], but the domain (f32[4,10]) gives f32[10,4]
  %t = transpose %x {perm = [1, 0]} : (f32[4,10]) -> f32[4,10]
  return %p
}
// CHECK: [[@LINE+1]]:1: error: graph '@h' does not end with 'return'
graph @h(%x: f32[4]) -> f32[4] {
}
// CHECK-NOT: {{(error|note):}}
