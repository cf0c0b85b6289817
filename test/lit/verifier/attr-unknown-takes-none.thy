// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// 'add' takes no attributes at all.
module @m
graph @f(%a: f32[4], %b: f32[4]) -> f32[4] {
  // CHECK: [[@LINE+1]]:20: error: 'add' op has no attribute 'axis' (it takes none)
  %y = add %a, %b {axis = 0} : (f32[4], f32[4]) -> f32[4]
  return %y
}
// CHECK-NOT: {{(error|note):}}
