// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// attention's head dimension is at most 1024.
module @m
graph @f(%q: f32[1,1,1025], %k: f32[4,1,1025], %p: i32[]) -> f32[1,1,1025] {
  // CHECK: [[@LINE+1]]:8: error: 'attention' op the head dimension 1025 is more than 1024
  %a = attention %q, %k, %k, %p {scale = 0.03} : (f32[1,1,1025], f32[4,1,1025], f32[4,1,1025], i32[]) -> f32[1,1,1025]
  return %a
}
// CHECK-NOT: {{(error|note):}}
