// RUN: thymosc %s --passes=canonicalize,verify --emit=thy | FileCheck %s
// Folds feed each other within one run: exp of a const, then its negation.
// The consumed consts are left for dce.
module @m

graph @f() -> f32[] {
  %one = const {value = 1.0} : () -> f32[]
  %e = exp %one : (f32[]) -> f32[]
  %n = neg %e : (f32[]) -> f32[]
  return %n
}

// CHECK-LABEL: graph @f(
// CHECK-NEXT:   %one = const {value = 1.0} : () -> f32[]
// CHECK-NEXT:   %e = const {value = 2.7182817459106445} : () -> f32[]
// CHECK-NEXT:   %n = const {value = -2.7182817459106445} : () -> f32[]
// CHECK-NEXT:   return %n
