// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// attention's position is an i32.
module @m
graph @f(%q: f32[1,8,64], %k: f32[16,2,64], %p: f32[]) -> f32[1,8,64] {
  // CHECK: [[@LINE+1]]:93: error: 'attention' op operand #3 must be a tensor of i32 values, got f32[]
  %a = attention %q, %k, %k, %p {scale = 0.125} : (f32[1,8,64], f32[16,2,64], f32[16,2,64], f32[]) -> f32[1,8,64]
  return %a
}
// CHECK-NOT: {{(error|note):}}
