// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// attention's result has the queries' type.
module @m
graph @f(%q: f32[1,8,64], %k: f32[16,2,64], %p: i32[]) -> f32[1,2,64] {
  // CHECK: [[@LINE+1]]:103: error: 'attention' op codomain is f32[1,2,64], but the domain (f32[1,8,64], f32[16,2,64], f32[16,2,64], i32[]) gives f32[1,8,64]
  %a = attention %q, %k, %k, %p {scale = 0.125} : (f32[1,8,64], f32[16,2,64], f32[16,2,64], i32[]) -> f32[1,2,64]
  return %a
}
// CHECK-NOT: {{(error|note):}}
