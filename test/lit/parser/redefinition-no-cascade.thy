// RUN: not thymosc %s 2>&1 | FileCheck %s --implicit-check-not=error:
// When the second result name of an op is a redefinition, the first result is
// not reported again as an undefined value where it is used.
module @m

graph @f(%x: f32[4]) -> f32[4] {
  // CHECK: [[@LINE+2]]:7: error: redefinition of value '%x'
  // CHECK: note: previous definition is here
  %a, %x = exp %x : (f32[4]) -> (f32[4], f32[4])
  %b = neg %a : (f32[4]) -> f32[4]
  return %b
}
