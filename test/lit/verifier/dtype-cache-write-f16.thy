// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// cache_write writes rows of f32 or f64 (an f16 cache's rows are f32).
module @m
graph @f(%c: f16[16,4], %r: f16[1,4], %p: i32[]) -> f16[16,4] {
  // CHECK: [[@LINE+1]]:45: error: 'cache_write' op operand #1 must be a tensor of f64 or f32 values, got f16[1,4]
  %y = cache_write %c, %r, %p : (f16[16,4], f16[1,4], i32[]) -> f16[16,4]
  return %y
}
// CHECK-NOT: {{(error|note):}}
