// RUN: thymosc %s | FileCheck %s
// Several graphs, multiple results, no results, and a graph that only returns its argument.
module @m

// CHECK-LABEL: graph @identity(%x: f32[4]) -> f32[4] {
// CHECK-NEXT:    return %x
// CHECK-NEXT:  }
graph @identity(%x: f32[4]) -> f32[4] {
  return %x
}

// CHECK-LABEL: graph @pair(%x: f32[4]) -> (f32[4], f32[4]) {
// CHECK-NEXT:    %y = neg %x : (f32[4]) -> f32[4]
// CHECK-NEXT:    return %y, %x
graph @pair(%x: f32[4]) -> (f32[4], f32[4]) {
  %y = neg %x : (f32[4]) -> f32[4]
  return %y, %x
}

// CHECK-LABEL: graph @nothing() -> () {
// CHECK-NEXT:    return
// CHECK-NEXT:  }
graph @nothing() -> () {
  return
}

// CHECK-LABEL: graph @rank8(%x: i32[1,2,1,2,1,2,1,2]) -> i32[1,2,1,2,1,2,1,2] {
graph @rank8(%x: i32[1,2,1,2,1,2,1,2]) -> i32[1,2,1,2,1,2,1,2] {
  // CHECK-NEXT: %y = relu %x : (i32[1,2,1,2,1,2,1,2]) -> i32[1,2,1,2,1,2,1,2]
  %y = relu %x : (i32[1,2,1,2,1,2,1,2]) -> i32[1,2,1,2,1,2,1,2]
  return %y
}
