// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// A reduction axis equal to the rank is out of range.
module @m
graph @f(%x: f32[64,4]) -> f32[64] {
  // CHECK: [[@LINE+3]]:8: error: 'sum' op axis 2 is out of range for rank 2
  // CHECK-NEXT: {{^}}  %s = sum %x {axes = [2]} : (f32[64,4]) -> f32[64]{{$}}
  // CHECK-NEXT: {{^}}       ^{{$}}
  %s = sum %x {axes = [2]} : (f32[64,4]) -> f32[64]
  return %s
}
// CHECK-NOT: {{(error|note):}}
