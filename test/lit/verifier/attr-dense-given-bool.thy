// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// 'const' value must be a number or an array of numbers, not a boolean.
module @m
graph @f() -> f32[4] {
  // CHECK: [[@LINE+1]]:15: error: 'const' op attribute 'value' must be a number or (nested) array of numbers, got false
  %c = const {value = false} : () -> f32[4]
  return %c
}
// CHECK-NOT: {{(error|note):}}
