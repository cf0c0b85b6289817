// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// attention's queries are [tokens, heads, head dimension].
module @m
graph @f(%q: f32[1,64], %k: f32[16,2,64], %p: i32[]) -> f32[1,64] {
  // CHECK: [[@LINE+1]]:8: error: 'attention' op q must have rank 3 (tokens, heads, head dimension), got f32[1,64]
  %a = attention %q, %k, %k, %p {scale = 0.125} : (f32[1,64], f32[16,2,64], f32[16,2,64], i32[]) -> f32[1,64]
  return %a
}
// CHECK-NOT: {{(error|note):}}
