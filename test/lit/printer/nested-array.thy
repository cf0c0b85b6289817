// RUN: thymosc %s > %t.1 && thymosc %t.1 > %t.2 && diff %t.1 %t.2
// RUN: FileCheck %s < %t.1
// Nested array constants keep their nesting; integral arrays print integers.
module @m

// CHECK-LABEL: graph @f(
graph @f() -> i32[2,2] {
  // CHECK: %a = const {value = {{\[\[}}1, 2], [3, 4]]} : () -> i32[2,2]
  %a = const {value = [[1,2],[3,4]]} : () -> i32[2,2]
  // CHECK: %b = const {value = {{\[\[\[}}1], [2]], {{\[\[}}3], [4]]]} : () -> f32[2,2,1]
  %b = const {value = [ [ [1], [2] ], [ [3], [4] ] ]} : () -> f32[2,2,1]
  // CHECK: %c = const {value = {{\[\[}}0.5], [-1.0]]} : () -> f32[2,1]
  %c = const {value = [[0.5], [-1.0]]} : () -> f32[2,1]
  return %a
}
