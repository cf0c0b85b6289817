// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// 'const' cannot produce a block-quantized tensor.
module @m
graph @f() -> q8_0[32] {
  // CHECK: [[@LINE+1]]:34: error: 'const' op result #0 must be a tensor of f64, f32, f16, bf16, i32 or i8 values, got q8_0[32]
  %c = const {value = 0} : () -> q8_0[32]
  return %c
}
// CHECK-NOT: {{(error|note):}}
