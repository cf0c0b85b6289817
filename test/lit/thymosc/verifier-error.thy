// A module that parses but fails verification exits 1 and prints no module.
// RUN: not thymosc %s > %t.out 2> %t.err
// RUN: FileCheck %s < %t.err
// RUN: FileCheck %s --check-prefix=OUT --allow-empty < %t.out
// OUT-NOT: module
module @m
graph @f(%x: f32[64,4], %w: f32[3,1]) -> f32[64,1] {
  // CHECK: verifier-error.thy:[[@LINE+1]]:9: error: 'matmul' op
  %xw = matmul %x, %w : (f32[64,4], f32[3,1]) -> f32[64,1]
  return %xw
}
