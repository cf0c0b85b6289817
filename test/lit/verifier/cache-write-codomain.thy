// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// cache_write's result has the cache's type.
module @m
graph @f(%c: f32[16,4], %r: f32[1,4], %p: i32[]) -> f32[8,4] {
  // CHECK: [[@LINE+1]]:65: error: 'cache_write' op codomain is f32[8,4], but the domain (f32[16,4], f32[1,4], i32[]) gives f32[16,4]
  %y = cache_write %c, %r, %p : (f32[16,4], f32[1,4], i32[]) -> f32[8,4]
  return %y
}
// CHECK-NOT: {{(error|note):}}
