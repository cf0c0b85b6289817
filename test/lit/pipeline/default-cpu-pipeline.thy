// Compiling for the CPU runs the default pipeline: x*1 goes (canonicalize),
// the duplicate exp merges (cse), and the elementwise chain becomes one
// fused step; printing (--emit=thy) runs no pipeline.
// RUN: thymosc %s --emit=plan-text | FileCheck %s
// RUN: thymosc %s | FileCheck %s --check-prefix=THY
// CHECK: entry @f (1 steps,
// CHECK-NEXT: inputs: t0
// CHECK-NEXT: 0: t{{[0-9]+}} = fused(t0) params
// THY: %one = const
// THY: %b = exp %x
module @m
graph @f(%x: f32[256]) -> f32[256] {
  %one = const {value = 1.0} : () -> f32[]
  %a = exp %x : (f32[256]) -> f32[256]
  %b = exp %x : (f32[256]) -> f32[256]
  %c = mul %a, %one : (f32[256], f32[]) -> f32[256]
  %d = add %c, %b : (f32[256], f32[256]) -> f32[256]
  %e = neg %d : (f32[256]) -> f32[256]
  return %e
}
