// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// A block-quantized tensor cannot be a scalar: both the argument and the result are reported.
module @m
// CHECK: [[@LINE+2]]:10: error: argument %x has invalid type q4_0[]: q4_0 stores blocks of 32 values, so the innermost dimension must be a multiple of 32
// CHECK: [[@LINE+1]]:25: error: result #0 of graph '@f' has invalid type q4_0[]: q4_0 stores blocks of 32 values, so the innermost dimension must be a multiple of 32
graph @f(%x: q4_0[]) -> q4_0[] {
  return %x
}
// CHECK-NOT: {{(error|note):}}
