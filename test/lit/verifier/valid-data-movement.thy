// RUN: thymosc %s | FileCheck %s
// transpose, reshape, broadcast and slice, on f32 and on bf16 tensors.
module @m

// CHECK-LABEL: graph @move(%x: f32[64,4], %b: f32[4], %w: bf16[3,4,64]) -> f32[4,64] {
graph @move(%x: f32[64,4], %b: f32[4], %w: bf16[3,4,64]) -> f32[4,64] {
  // CHECK-NEXT: %t = transpose %x {perm = [1, 0]} : (f32[64,4]) -> f32[4,64]
  %t = transpose %x {perm = [1, 0]} : (f32[64,4]) -> f32[4,64]
  // CHECK-NEXT: %wt = transpose %w {perm = [1, 0, 2]} : (bf16[3,4,64]) -> bf16[4,3,64]
  %wt = transpose %w {perm = [1, 0, 2]} : (bf16[3,4,64]) -> bf16[4,3,64]
  // CHECK-NEXT: %r = reshape %x : (f32[64,4]) -> f32[16,16]
  %r = reshape %x : (f32[64,4]) -> f32[16,16]
  // CHECK-NEXT: %wr = reshape %w : (bf16[3,4,64]) -> bf16[24,32]
  %wr = reshape %w : (bf16[3,4,64]) -> bf16[24,32]
  // CHECK-NEXT: %bb = broadcast %b : (f32[4]) -> f32[2,64,4]
  %bb = broadcast %b : (f32[4]) -> f32[2,64,4]
  // CHECK-NEXT: %s = slice %x {starts = [0, 1], ends = [64, 3]} : (f32[64,4]) -> f32[64,2]
  %s = slice %x {starts = [0, 1], ends = [64, 3]} : (f32[64,4]) -> f32[64,2]
  // CHECK-NEXT: %e = slice %x {starts = [1, 0], ends = [64, 4], steps = [2, 3]} : (f32[64,4]) -> f32[32,2]
  %e = slice %x {steps = [2, 3], starts = [1, 0], ends = [64, 4]} : (f32[64,4]) -> f32[32,2]
  // CHECK-NEXT: %ws = slice %w {starts = [0, 1, 32], ends = [3, 4, 64], steps = [2, 1, 1]} : (bf16[3,4,64]) -> bf16[2,3,32]
  %ws = slice %w {starts = [0, 1, 32], ends = [3, 4, 64], steps = [2, 1, 1]} : (bf16[3,4,64]) -> bf16[2,3,32]
  // CHECK-NEXT: return %t
  return %t
}
