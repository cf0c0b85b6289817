// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// cache_write's rows match the cache after the first dimension.
module @m
graph @f(%c: f32[16,4,8], %r: f32[1,4,4], %p: i32[]) -> f32[16,4,8] {
  // CHECK: [[@LINE+1]]:8: error: 'cache_write' op rows must match cache in every dimension after the first, got f32[1,4,4] for cache f32[16,4,8]
  %y = cache_write %c, %r, %p : (f32[16,4,8], f32[1,4,4], i32[]) -> f32[16,4,8]
  return %y
}
// CHECK-NOT: {{(error|note):}}
