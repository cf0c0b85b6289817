// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// cache_write works on f32 and f64 caches only.
module @m
graph @f(%c: f16[16,4], %r: f16[1,4], %p: i32[]) -> f16[16,4] {
  // CHECK: [[@LINE+3]]:34: error: 'cache_write' op operand #0 must be a tensor of f64 or f32 values, got f16[16,4]
  // CHECK: [[@LINE+2]]:45: error: 'cache_write' op operand #1 must be a tensor of f64 or f32 values, got f16[1,4]
  // CHECK: [[@LINE+1]]:65: error: 'cache_write' op result #0 must be a tensor of f64 or f32 values, got f16[16,4]
  %y = cache_write %c, %r, %p : (f16[16,4], f16[1,4], i32[]) -> f16[16,4]
  return %y
}
// CHECK-NOT: {{(error|note):}}
