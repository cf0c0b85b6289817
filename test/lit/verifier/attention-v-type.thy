// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// attention's value cache has the key cache's type.
module @m
graph @f(%q: f32[1,8,64], %k: f32[16,2,64], %v: f32[8,2,64], %p: i32[]) -> f32[1,8,64] {
  // CHECK: [[@LINE+1]]:8: error: 'attention' op v must have k's type f32[16,2,64], got f32[8,2,64]
  %a = attention %q, %k, %v, %p {scale = 0.125} : (f32[1,8,64], f32[16,2,64], f32[8,2,64], i32[]) -> f32[1,8,64]
  return %a
}
// CHECK-NOT: {{(error|note):}}
