// RUN: thymosc %s > %t.1 && thymosc %t.1 > %t.2 && diff %t.1 %t.2
// RUN: FileCheck %s < %t.1
// -0.0 keeps its sign; an integer -0 is just 0.
module @m

// CHECK-LABEL: graph @f(
graph @f() -> f32[2] {
  // CHECK: %z = const {value = -0.0} : () -> f32[]
  %z = const {value = -0.0} : () -> f32[]
  // CHECK: %a = const {value = [-0.0, 0.0]} : () -> f32[2]
  %a = const {value = [-0e0, 0.0]} : () -> f32[2]
  // CHECK: %i = const {value = 0} : () -> i32[]
  %i = const {value = -0} : () -> i32[]
  return %a
}
