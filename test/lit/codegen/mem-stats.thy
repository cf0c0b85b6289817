// --mem-stats reports each graph's arena against its lower bound. Here the
// chain exp -> neg -> add writes in place, so two 1 KiB buffers suffice and the
// arena equals the lower bound.
// RUN: thymosc %s --passes=plan-memory --emit=none --mem-stats 2>&1 | FileCheck %s
// CHECK: @f: arena 2048 bytes, lower bound 2048 bytes, ratio 1.0000, 2 buffers, 2 in-place, size/best-fit, optimal
module @m
graph @f(%x: f32[256]) -> f32[256] {
  %a = exp %x : (f32[256]) -> f32[256]
  %b = neg %a : (f32[256]) -> f32[256]
  %c = add %b, %x : (f32[256], f32[256]) -> f32[256]
  return %c
}
