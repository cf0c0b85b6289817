// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// The operands of a broadcasting binary op have different element types.
module @m
graph @f(%a: f32[4], %b: f64[4]) -> f32[4] {
  // CHECK: [[@LINE+3]]:8: error: 'add' op operand element types differ (f32 vs f64)
  // CHECK-NEXT: {{^}}  %y = add %a, %b : (f32[4], f64[4]) -> f32[4]{{$}}
  // CHECK-NEXT: {{^}}       ^{{$}}
  %y = add %a, %b : (f32[4], f64[4]) -> f32[4]
  return %y
}
// CHECK-NOT: {{(error|note):}}
