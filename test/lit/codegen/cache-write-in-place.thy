// A decode step writes its key and value rows into the state caches in place:
// each cache_write's output is its state tensor (the input it rewrites), the
// caches (64 KiB each) get no arena buffer (the arena is under 10000 bytes),
// and the entry has no update copy.
// RUN: thymosc %s --emit=plan-text | FileCheck %s
// RUN: thymosc %s --mem-stats --emit=none 2>&1 | FileCheck %s --check-prefix=STATS
// CHECK: plan: format 1, arena {{[0-9][0-9]?[0-9]?[0-9]?}} bytes, state 131072 bytes, constants 0 bytes
// CHECK: tensors (7):
// CHECK-NEXT: t0 %kc f32[1024,2,8] state @0 65536 bytes
// CHECK-NEXT: t1 %vc f32[1024,2,8] state @65536 65536 bytes
// CHECK-NOT: 65536 bytes
// CHECK: entry @decode (3 steps, arena {{[0-9][0-9]?[0-9]?[0-9]?}} bytes)
// CHECK-NEXT: inputs: [[Q:t[0-9]+]], [[K:t[0-9]+]], [[V:t[0-9]+]], [[POS:t[0-9]+]]
// CHECK-NEXT: 0: t0 = cache_write(t0, [[K]], [[POS]])
// CHECK-NEXT: 1: t1 = cache_write(t1, [[V]], [[POS]])
// CHECK-NEXT: 2: [[A:t[0-9]+]] = attention([[Q]], t0, t1, [[POS]]) params
// CHECK-NEXT: outputs: [[A]]
// CHECK-NOT: update
// STATS: @decode: arena [[N:[0-9]+]] bytes, lower bound [[N]] bytes
module @kv

state @kc : f32[1024,2,8]
state @vc : f32[1024,2,8]

graph @decode(%q: f32[1,8,8], %k: f32[1,2,8], %v: f32[1,2,8], %pos: i32[]) -> f32[1,8,8] state(%kc = @kc, %vc = @vc) {
  %kc2 = cache_write %kc, %k, %pos : (f32[1024,2,8], f32[1,2,8], i32[]) -> f32[1024,2,8]
  %vc2 = cache_write %vc, %v, %pos : (f32[1024,2,8], f32[1,2,8], i32[]) -> f32[1024,2,8]
  %a = attention %q, %kc2, %vc2, %pos {scale = 0.35355339059327373} : (f32[1,8,8], f32[1024,2,8], f32[1024,2,8], i32[]) -> f32[1,8,8]
  update @kc = %kc2
  update @vc = %vc2
  return %a
}
