// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// cache_write's cache needs a row dimension.
module @m
graph @f(%c: f32[], %r: f32[], %p: i32[]) -> f32[] {
  // CHECK: [[@LINE+1]]:8: error: 'cache_write' op cache must have rank >= 1 (rows first), got f32[]
  %y = cache_write %c, %r, %p : (f32[], f32[], i32[]) -> f32[]
  return %y
}
// CHECK-NOT: {{(error|note):}}
