// RUN: thymosc %s > %t.1 && thymosc %t.1 > %t.2 && diff %t.1 %t.2
// RUN: FileCheck %s < %t.1
// An array with one float element is a float array: every element then prints
// as a float, and the printed form reads back to the same attribute.
module @m

// CHECK-LABEL: graph @f(
graph @f() -> f32[2,2] {
  // CHECK: %a = const {value = {{\[\[}}1.0, 2.5], [-3.0, 4.0]]} : () -> f32[2,2]
  %a = const {value = [[1, 2.5], [-3, 4]]} : () -> f32[2,2]
  return %a
}
