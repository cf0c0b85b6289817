// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// attention requires its scale; there is no default.
module @m
graph @f(%q: f32[1,8,64], %k: f32[16,2,64], %p: i32[]) -> f32[1,8,64] {
  // CHECK: [[@LINE+1]]:8: error: 'attention' op requires attribute 'scale' (number)
  %a = attention %q, %k, %k, %p : (f32[1,8,64], f32[16,2,64], f32[16,2,64], i32[]) -> f32[1,8,64]
  return %a
}
// CHECK-NOT: {{(error|note):}}
