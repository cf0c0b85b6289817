// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// attention cannot take more queries than the cache has positions.
module @m
graph @f(%q: f32[9,8,64], %k: f32[8,2,64], %p: i32[]) -> f32[9,8,64] {
  // CHECK: [[@LINE+1]]:8: error: 'attention' op q has 9 tokens, more than the cache's 8 positions
  %a = attention %q, %k, %k, %p {scale = 0.125} : (f32[9,8,64], f32[8,2,64], f32[8,2,64], i32[]) -> f32[9,8,64]
  return %a
}
// CHECK-NOT: {{(error|note):}}
