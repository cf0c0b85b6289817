// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// A strided slice along the innermost dimension of q4_0 picks values out of blocks.
module @m
graph @f(%w: q4_0[4,64]) -> q4_0[4,32] {
  // CHECK: [[@LINE+1]]:8: error: 'slice' op slicing q4_0 this way splits its blocks of 32 values
  %s = slice %w {starts = [0, 0], ends = [4, 64], steps = [1, 2]} : (q4_0[4,64]) -> q4_0[4,32]
  return %s
}
// CHECK-NOT: {{(error|note):}}
