// --plan-effort=N searches beyond greedy-by-size and is never worse.
// RUN: thymosc %s --emit=none --mem-stats --plan-effort=100 2>&1 | FileCheck %s
// CHECK: @f: arena [[A:[0-9]+]] bytes, lower bound [[L:[0-9]+]] bytes, ratio {{1\.[0-9]+}}
module @m
graph @f(%x: f32[64,4], %w: f32[4,1], %b: f32[1]) -> f32[64,1] {
  %xw = matmul %x, %w : (f32[64,4], f32[4,1]) -> f32[64,1]
  %y = add %xw, %b : (f32[64,1], f32[1]) -> f32[64,1]
  return %y
}
