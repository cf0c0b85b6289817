// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// cache_write cannot write more rows than the cache holds.
module @m
graph @f(%c: f32[16,4], %r: f32[17,4], %p: i32[]) -> f32[16,4] {
  // CHECK: [[@LINE+3]]:8: error: 'cache_write' op rows has 17 rows, more than the cache's 16
  // CHECK-NEXT: {{^}}  %y = cache_write %c, %r, %p : (f32[16,4], f32[17,4], i32[]) -> f32[16,4]{{$}}
  // CHECK-NEXT: {{^}}       ^{{$}}
  %y = cache_write %c, %r, %p : (f32[16,4], f32[17,4], i32[]) -> f32[16,4]
  return %y
}
// CHECK-NOT: {{(error|note):}}
