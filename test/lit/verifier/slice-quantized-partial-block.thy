// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// Slicing 16 values out of a row of q8_0 blocks splits a block, whatever the codomain claims.
module @m
graph @f(%w: q8_0[4,64]) -> q8_0[4,32] {
  // CHECK: [[@LINE+1]]:8: error: 'slice' op slicing q8_0 this way splits its blocks of 32 values
  %s = slice %w {starts = [0, 0], ends = [4, 16]} : (q8_0[4,64]) -> q8_0[4,32]
  return %s
}
// CHECK-NOT: {{(error|note):}}
