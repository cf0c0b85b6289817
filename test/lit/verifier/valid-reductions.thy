// RUN: thymosc %s | FileCheck %s
// softmax, sum, mean and max with default and explicit attributes.
module @m

// CHECK-LABEL: graph @reduce(%x: f32[64,4], %i: i32[2,3,4]) -> f32[] {
graph @reduce(%x: f32[64,4], %i: i32[2,3,4]) -> f32[] {
  // CHECK-NEXT: %p = softmax %x : (f32[64,4]) -> f32[64,4]
  %p = softmax %x : (f32[64,4]) -> f32[64,4]
  // CHECK-NEXT: %p0 = softmax %x {axis = 0} : (f32[64,4]) -> f32[64,4]
  %p0 = softmax %x {axis = 0} : (f32[64,4]) -> f32[64,4]
  // CHECK-NEXT: %s = sum %x {axes = [1], keepdims = true} : (f32[64,4]) -> f32[64,1]
  %s = sum %x {keepdims = true, axes = [1]} : (f32[64,4]) -> f32[64,1]
  // CHECK-NEXT: %t = mean %x {axes = [0, 1]} : (f32[64,4]) -> f32[]
  %t = mean %x {axes = [0, 1]} : (f32[64,4]) -> f32[]
  // CHECK-NEXT: %m = max %i {axes = [-1, 0], keepdims = false} : (i32[2,3,4]) -> i32[3]
  %m = max %i {axes = [-1, 0], keepdims = false} : (i32[2,3,4]) -> i32[3]
  // CHECK-NEXT: %k = sum %i {axes = [1], keepdims = true} : (i32[2,3,4]) -> i32[2,1,4]
  %k = sum %i {axes = [1], keepdims = true} : (i32[2,3,4]) -> i32[2,1,4]
  // CHECK-NEXT: return %t
  return %t
}
