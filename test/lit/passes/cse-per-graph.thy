// RUN: thymosc %s --passes=cse,verify --emit=thy | FileCheck %s
// Each graph is its own scope: identical ops in two graphs both stay.
module @m

graph @f(%x: f32[4]) -> f32[4] {
  %a = exp %x : (f32[4]) -> f32[4]
  return %a
}

graph @g(%x: f32[4]) -> f32[4] {
  %a = exp %x : (f32[4]) -> f32[4]
  return %a
}

// CHECK-LABEL: graph @f(
// CHECK-NEXT:   %a = exp %x : (f32[4]) -> f32[4]
// CHECK-NEXT:   return %a
// CHECK-LABEL: graph @g(
// CHECK-NEXT:   %a = exp %x : (f32[4]) -> f32[4]
// CHECK-NEXT:   return %a
