// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// cache_write's rows have the cache's element type.
module @m
graph @f(%c: f32[16,4], %r: f64[1,4], %p: i32[]) -> f32[16,4] {
  // CHECK: [[@LINE+1]]:8: error: 'cache_write' op rows must have cache's rank and element type (f32), got f64[1,4] for cache f32[16,4]
  %y = cache_write %c, %r, %p : (f32[16,4], f64[1,4], i32[]) -> f32[16,4]
  return %y
}
// CHECK-NOT: {{(error|note):}}
