// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// 'const' requires 'value'.
module @m
graph @f() -> f32[4] {
  // CHECK: [[@LINE+1]]:8: error: 'const' op requires attribute 'value' (number or (nested) array of numbers)
  %c = const : () -> f32[4]
  return %c
}
// CHECK-NOT: {{(error|note):}}
