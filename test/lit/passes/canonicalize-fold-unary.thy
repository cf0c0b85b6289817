// RUN: thymosc %s --passes=canonicalize,dce,verify --emit=thy | FileCheck %s
// Every float unary op folds; the values are the closed forms at 0.5 (relu at
// -1.5), with gelu's tanh approximation.
module @m

graph @f() -> (f64[], f64[], f64[], f64[], f64[], f64[], f64[], f64[], f64[], f64[]) {
  %h = const {value = 0.5} : () -> f64[]
  %m = const {value = -1.5} : () -> f64[]
  %neg = neg %h : (f64[]) -> f64[]
  %exp = exp %h : (f64[]) -> f64[]
  %log = log %h : (f64[]) -> f64[]
  %sqrt = sqrt %h : (f64[]) -> f64[]
  %rsqrt = rsqrt %h : (f64[]) -> f64[]
  %relu = relu %m : (f64[]) -> f64[]
  %sigmoid = sigmoid %h : (f64[]) -> f64[]
  %tanh = tanh %h : (f64[]) -> f64[]
  %gelu = gelu %h : (f64[]) -> f64[]
  %silu = silu %h : (f64[]) -> f64[]
  return %neg, %exp, %log, %sqrt, %rsqrt, %relu, %sigmoid, %tanh, %gelu, %silu
}

// CHECK-LABEL: graph @f(
// CHECK-NEXT:   %neg = const {value = -0.5} : () -> f64[]
// CHECK-NEXT:   %exp = const {value = 1.6487212707001282} : () -> f64[]
// CHECK-NEXT:   %log = const {value = -0.6931471805599453} : () -> f64[]
// CHECK-NEXT:   %sqrt = const {value = 0.7071067811865476} : () -> f64[]
// CHECK-NEXT:   %rsqrt = const {value = 1.414213562373095} : () -> f64[]
// CHECK-NEXT:   %relu = const {value = 0.0} : () -> f64[]
// CHECK-NEXT:   %sigmoid = const {value = 0.6224593312018546} : () -> f64[]
// CHECK-NEXT:   %tanh = const {value = 0.46211715726000974} : () -> f64[]
// CHECK-NEXT:   %gelu = const {value = 0.34571400982514394} : () -> f64[]
// CHECK-NEXT:   %silu = const {value = 0.3112296656009273} : () -> f64[]
// CHECK-NEXT:   return
