// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// steps, when given, needs one entry per dimension too.
module @m
graph @f(%x: f32[64,4]) -> f32[32,4] {
  // CHECK: [[@LINE+1]]:8: error: 'slice' op starts, ends and steps need one entry per dimension of f32[64,4] (rank 2)
  %s = slice %x {starts = [0, 0], ends = [64, 4], steps = [2]} : (f32[64,4]) -> f32[32,4]
  return %s
}
// CHECK-NOT: {{(error|note):}}
