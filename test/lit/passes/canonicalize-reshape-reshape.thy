// RUN: thymosc %s --passes=canonicalize,verify --emit=thy | FileCheck %s
// reshape(reshape(x)) is one reshape of x, keeping the outer name; the inner
// one, now unused, is left for dce.
module @m

graph @f(%x: f32[4,6]) -> f32[3,8] {
  %flat = reshape %x : (f32[4,6]) -> f32[24]
  %y = reshape %flat : (f32[24]) -> f32[3,8]
  return %y
}

// CHECK-LABEL: graph @f(
// CHECK-NEXT:   %flat = reshape %x : (f32[4,6]) -> f32[24]
// CHECK-NEXT:   %y = reshape %x : (f32[4,6]) -> f32[3,8]
// CHECK-NEXT:   return %y
