// A cache_write is written into its state in place only when nothing else
// reads the old cache and its result is that state's update. Otherwise the
// result gets an arena buffer of the cache's size (64 KiB; the kernel copies
// the cache into it first) and, where the state is updated, a copy back:
//   @returned   returns the old cache as well (a snapshot of it is returned);
//   @read_twice lets attention read the old keys;
//   @no_update  attends over the written cache but leaves the state as it was.
// RUN: thymosc %s --emit=plan-text | FileCheck %s
// CHECK: t0 %kc f32[1024,2,8] state @0 65536 bytes
// CHECK: entry @returned (2 steps, arena {{[0-9]+}} bytes)
// CHECK-NEXT: inputs: [[K:t[0-9]+]], [[POS:t[0-9]+]]
// CHECK-NEXT: 0: [[NEW:t[0-9]+]] = cache_write(t0, [[K]], [[POS]])
// CHECK-NEXT: 1: [[OLD:t[0-9]+]] = reshape(t0)
// CHECK-NEXT: outputs: [[OLD]]
// CHECK-NEXT: update: t0 <- [[NEW]]
// CHECK: entry @read_twice (2 steps, arena {{[0-9]+}} bytes)
// CHECK-NEXT: inputs: [[Q:t[0-9]+]], [[K:t[0-9]+]], [[POS:t[0-9]+]]
// CHECK-NEXT: [[NEW:t[0-9]+]] = cache_write(t0, [[K]], [[POS]])
// CHECK-NEXT: [[A:t[0-9]+]] = attention([[Q]], t0, [[NEW]], [[POS]]) params
// CHECK-NEXT: outputs: [[A]]
// CHECK-NEXT: update: t0 <- [[NEW]]
// CHECK: entry @no_update (2 steps, arena {{[0-9]+}} bytes)
// CHECK-NEXT: inputs: [[Q:t[0-9]+]], [[K:t[0-9]+]], [[POS:t[0-9]+]]
// CHECK-NEXT: [[NEW:t[0-9]+]] = cache_write(t0, [[K]], [[POS]])
// CHECK-NEXT: [[A:t[0-9]+]] = attention([[Q]], [[NEW]], [[NEW]], [[POS]]) params
// CHECK-NEXT: outputs: [[A]]
// CHECK-NOT: update
// Each graph's written cache is an arena tensor of the cache's size.
// RUN: thymosc %s --emit=plan-text | FileCheck %s --check-prefix=ARENA
// ARENA: tensors (
// ARENA: %kc2 f32[1024,2,8] arena @{{[0-9]+}} 65536 bytes
// ARENA: %kc2 f32[1024,2,8] arena @{{[0-9]+}} 65536 bytes
// ARENA: %kc2 f32[1024,2,8] arena @{{[0-9]+}} 65536 bytes
// ARENA: entry @returned
module @kv

state @kc : f32[1024,2,8]

graph @returned(%k: f32[1,2,8], %pos: i32[]) -> f32[1024,2,8] state(%kc = @kc) {
  %kc2 = cache_write %kc, %k, %pos : (f32[1024,2,8], f32[1,2,8], i32[]) -> f32[1024,2,8]
  update @kc = %kc2
  return %kc
}

graph @read_twice(%q: f32[1,8,8], %k: f32[1,2,8], %pos: i32[]) -> f32[1,8,8] state(%kc = @kc) {
  %kc2 = cache_write %kc, %k, %pos : (f32[1024,2,8], f32[1,2,8], i32[]) -> f32[1024,2,8]
  %a = attention %q, %kc, %kc2, %pos {scale = 0.5} : (f32[1,8,8], f32[1024,2,8], f32[1024,2,8], i32[]) -> f32[1,8,8]
  update @kc = %kc2
  return %a
}

graph @no_update(%q: f32[1,8,8], %k: f32[1,2,8], %pos: i32[]) -> f32[1,8,8] state(%kc = @kc) {
  %kc2 = cache_write %kc, %k, %pos : (f32[1024,2,8], f32[1,2,8], i32[]) -> f32[1024,2,8]
  %a = attention %q, %kc2, %kc2, %pos {scale = 0.5} : (f32[1,8,8], f32[1024,2,8], f32[1024,2,8], i32[]) -> f32[1,8,8]
  return %a
}
