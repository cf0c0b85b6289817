// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// cache_write's position is one scalar for all the rows.
module @m
graph @f(%c: f32[16,4], %r: f32[2,4], %p: i32[2]) -> f32[16,4] {
  // CHECK: [[@LINE+1]]:8: error: 'cache_write' op pos must be a scalar i32[] (the position of the first row), got i32[2]
  %y = cache_write %c, %r, %p : (f32[16,4], f32[2,4], i32[2]) -> f32[16,4]
  return %y
}
// CHECK-NOT: {{(error|note):}}
