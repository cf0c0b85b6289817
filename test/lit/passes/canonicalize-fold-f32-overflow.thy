// RUN: thymosc %s --passes=canonicalize,dce,verify --emit=thy | FileCheck %s
// Rounding to f32 follows IEEE: e^100 is beyond every float and becomes inf;
// 3.4028235e38 lies between FLT_MAX and the halfway point to 2^128, so it
// rounds down to FLT_MAX (3.4028234663852886e38).
module @m

graph @f() -> (f32[], f32[]) {
  %a = const {value = 100.0} : () -> f32[]
  %e = exp %a : (f32[]) -> f32[]
  %b = const {value = 3.4028235e38} : () -> f64[]
  %c = cast %b : (f64[]) -> f32[]
  return %e, %c
}

// CHECK-LABEL: graph @f(
// CHECK-NEXT:   %e = const {value = inf} : () -> f32[]
// CHECK-NEXT:   %c = const {value = 3.4028234663852886e+38} : () -> f32[]
// CHECK-NEXT:   return %e, %c
