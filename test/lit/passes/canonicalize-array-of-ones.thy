// RUN: thymosc %s --passes=canonicalize,verify --emit=thy | FileCheck %s
// An array const whose elements are all 1 is a 1; one that is not stays.
module @m

graph @f(%x: f32[2]) -> (f32[2], f32[2]) {
  %ones = const {value = [1.0, 1.0]} : () -> f32[2]
  %mixed = const {value = [1.0, 2.0]} : () -> f32[2]
  %a = mul %x, %ones : (f32[2], f32[2]) -> f32[2]
  %b = mul %x, %mixed : (f32[2], f32[2]) -> f32[2]
  return %a, %b
}

// CHECK-LABEL: graph @f(
// CHECK-NEXT:   %ones = const {value = [1.0, 1.0]} : () -> f32[2]
// CHECK-NEXT:   %mixed = const {value = [1.0, 2.0]} : () -> f32[2]
// CHECK-NEXT:   %b = mul %x, %mixed : (f32[2], f32[2]) -> f32[2]
// CHECK-NEXT:   return %x, %b
