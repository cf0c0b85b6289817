// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// The list of accepted attributes of 'slice' names all three in schema order.
module @m
graph @f(%x: f32[8]) -> f32[4] {
  // CHECK: [[@LINE+1]]:44: error: 'slice' op has no attribute 'stride' (it accepts: starts, ends, steps)
  %y = slice %x {starts = [0], ends = [4], stride = [1]} : (f32[8]) -> f32[4]
  return %y
}
// CHECK-NOT: {{(error|note):}}
