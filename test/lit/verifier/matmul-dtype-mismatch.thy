// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// Unquantized matmul operands must share an element type.
module @m
graph @f(%x: f16[2,4], %w: bf16[4,3]) -> f16[2,3] {
  // CHECK: [[@LINE+1]]:8: error: 'matmul' op operand element types differ (f16 vs bf16)
  %y = matmul %x, %w : (f16[2,4], bf16[4,3]) -> f16[2,3]
  return %y
}
// CHECK-NOT: {{(error|note):}}
