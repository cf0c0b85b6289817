// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// attention's key cache has the queries' head dimension.
module @m
graph @f(%q: f32[1,8,64], %k: f32[16,2,32], %p: i32[]) -> f32[1,8,64] {
  // CHECK: [[@LINE+1]]:8: error: 'attention' op k must be a cache [positions, key/value heads, 64] of q's element type (or f16 or q8_0 for an f32 q), got f32[16,2,32]
  %a = attention %q, %k, %k, %p {scale = 0.125} : (f32[1,8,64], f32[16,2,32], f32[16,2,32], i32[]) -> f32[1,8,64]
  return %a
}
// CHECK-NOT: {{(error|note):}}
