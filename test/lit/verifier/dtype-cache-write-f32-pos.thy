// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// cache_write's position is an i32.
module @m
graph @f(%c: f32[16,4], %r: f32[1,4], %p: f32[]) -> f32[16,4] {
  // CHECK: [[@LINE+1]]:55: error: 'cache_write' op operand #2 must be a tensor of i32 values, got f32[]
  %y = cache_write %c, %r, %p : (f32[16,4], f32[1,4], f32[]) -> f32[16,4]
  return %y
}
// CHECK-NOT: {{(error|note):}}
