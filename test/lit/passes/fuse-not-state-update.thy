// RUN: thymosc %s --passes=fuse-elementwise,verify --emit=thy | FileCheck %s
// A value written to a state by `update` is used outside the group: the
// chain after it fuses, the value itself stays.
module @m

state @acc : f32[4]

// CHECK-LABEL: graph @step(
graph @step(%x: f32[4]) -> f32[4] state(%a = @acc) {
  // CHECK-NEXT: %next = add %a, %x
  // CHECK-NEXT: %y = fused %next {program = [14, 0, -1, 8, 1, -1]} : (f32[4]) -> f32[4]
  // CHECK-NEXT: update @acc = %next
  // CHECK-NEXT: return %y
  %next = add %a, %x : (f32[4], f32[4]) -> f32[4]
  %s = sigmoid %next : (f32[4]) -> f32[4]
  %y = neg %s : (f32[4]) -> f32[4]
  update @acc = %next
  return %y
}
