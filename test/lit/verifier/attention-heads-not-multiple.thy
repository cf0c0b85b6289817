// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// attention's query heads are shared out evenly over the key/value heads.
module @m
graph @f(%q: f32[1,8,64], %k: f32[16,3,64], %p: i32[]) -> f32[1,8,64] {
  // CHECK: [[@LINE+3]]:8: error: 'attention' op q's 8 heads must be a multiple of the cache's 3 key/value heads
  // CHECK-NEXT: {{^}}  %a = attention %q, %k, %k, %p {scale = 0.125} : (f32[1,8,64], f32[16,3,64], f32[16,3,64], i32[]) -> f32[1,8,64]{{$}}
  // CHECK-NEXT: {{^}}       ^{{$}}
  %a = attention %q, %k, %k, %p {scale = 0.125} : (f32[1,8,64], f32[16,3,64], f32[16,3,64], i32[]) -> f32[1,8,64]
  return %a
}
// CHECK-NOT: {{(error|note):}}
