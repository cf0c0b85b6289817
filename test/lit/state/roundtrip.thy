// State declarations, bindings and updates print canonically and re-parse to
// the same module.
// RUN: thymosc %s --emit=thy > %t.1 && thymosc %t.1 --emit=thy > %t.2 && diff %t.1 %t.2
// RUN: FileCheck %s < %t.1
// CHECK: module @m
// CHECK-EMPTY:
// CHECK-NEXT: state @w : f64[3,1]
// CHECK-NEXT: state @steps : i32[]
// CHECK: graph @train(%x: f64[5,3]) -> f64[5,1] state(%w = @w, %n = @steps) {
// CHECK-NEXT:   %y = matmul %x, %w : (f64[5,3], f64[3,1]) -> f64[5,1]
// CHECK-NEXT:   %one = const {value = 1} : () -> i32[]
// CHECK-NEXT:   %n2 = add %n, %one : (i32[], i32[]) -> i32[]
// CHECK-NEXT:   update @steps = %n2
// CHECK-NEXT:   return %y
// CHECK-NEXT: }
module @m
state @w : f64[3,1]
state @steps : i32[]

graph @train(%x: f64[5,3]) -> f64[5,1]
    state(%w = @w, %n = @steps) {
  %y = matmul %x, %w : (f64[5,3], f64[3,1]) -> f64[5,1]
  %one = const {value = 1} : () -> i32[]
  %n2 = add %n, %one : (i32[], i32[]) -> i32[]
  update @steps = %n2
  return %y
}
