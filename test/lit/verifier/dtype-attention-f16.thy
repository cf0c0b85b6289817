// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// attention computes in f32 and f64 only (its caches may be f16 or q8_0).
module @m
graph @f(%q: f16[1,8,64], %k: f16[16,2,64], %p: i32[]) -> f16[1,8,64] {
  // CHECK: [[@LINE+2]]:52: error: 'attention' op operand #0 must be a tensor of f64 or f32 values, got f16[1,8,64]
  // CHECK: [[@LINE+1]]:103: error: 'attention' op result #0 must be a tensor of f64 or f32 values, got f16[1,8,64]
  %a = attention %q, %k, %k, %p {scale = 0.125} : (f16[1,8,64], f16[16,2,64], f16[16,2,64], i32[]) -> f16[1,8,64]
  return %a
}
// CHECK-NOT: {{(error|note):}}
