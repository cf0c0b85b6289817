// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// Elementwise arithmetic does not accept block-quantized operands.
module @m
graph @f(%a: f32[2,32], %b: q8_0[2,32]) -> f32[2,32] {
  // CHECK: [[@LINE+1]]:33: error: 'add' op operand #1 must be a tensor of f64, f32 or i32 values, got q8_0[2,32]
  %y = add %a, %b : (f32[2,32], q8_0[2,32]) -> f32[2,32]
  return %y
}
// CHECK-NOT: {{(error|note):}}
