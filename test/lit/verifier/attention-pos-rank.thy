// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// attention's position is one scalar: that of the first query.
module @m
graph @f(%q: f32[2,8,64], %k: f32[16,2,64], %p: i32[2]) -> f32[2,8,64] {
  // CHECK: [[@LINE+1]]:8: error: 'attention' op pos must be a scalar i32[] (the position of the first query), got i32[2]
  %a = attention %q, %k, %k, %p {scale = 0.125} : (f32[2,8,64], f32[16,2,64], f32[16,2,64], i32[2]) -> f32[2,8,64]
  return %a
}
// CHECK-NOT: {{(error|note):}}
