// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// Only the rhs of 'matmul' may be block-quantized.
module @m
graph @f(%a: q4_0[1,64], %b: f32[64,8]) -> f32[1,8] {
  // CHECK: [[@LINE+1]]:25: error: 'matmul' op operand #0 must be a tensor of f64, f32, f16 or bf16 values, got q4_0[1,64]
  %y = matmul %a, %b : (q4_0[1,64], f32[64,8]) -> f32[1,8]
  return %y
}
// CHECK-NOT: {{(error|note):}}
