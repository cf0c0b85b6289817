// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// Every input of the variadic 'concat' is checked against its constraint.
module @m
graph @f(%a: f32[32], %b: f32[32], %q: q8_0[32]) -> f32[96] {
  // CHECK: [[@LINE+1]]:58: error: 'concat' op operand #2 must be a tensor of f64, f32, f16, bf16, i32 or i8 values, got q8_0[32]
  %c = concat %a, %b, %q {axis = 0} : (f32[32], f32[32], q8_0[32]) -> f32[96]
  return %c
}
// CHECK-NOT: {{(error|note):}}
