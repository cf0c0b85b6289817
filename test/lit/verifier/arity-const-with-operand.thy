// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// 'const' takes no operands, but one is given.
module @m
graph @f(%x: f32[4]) -> f32[4] {
  // CHECK: [[@LINE+1]]:8: error: 'const' op expects 0 operands, but 1 was given
  %c = const %x {value = 1.0} : (f32[4]) -> f32[4]
  return %c
}
// CHECK-NOT: {{(error|note):}}
