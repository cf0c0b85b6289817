// RUN: thymosc %s > %t.1 && thymosc %t.1 > %t.2 && diff %t.1 %t.2
// RUN: FileCheck %s < %t.1
// Comments are not part of the module: none is printed.
// CHECK-NOT: //
// CHECK: module @m
// CHECK-NOT: //
module @m // the module

// CHECK: graph @f
graph @f(%x: f32[4]) -> f32[4] { // opens
  // CHECK-NEXT: %y = exp %x
  %y = exp %x : (f32[4]) -> f32[4] // the op
  // CHECK-NEXT: return %y
  return %y // done
}
// CHECK-NOT: //
