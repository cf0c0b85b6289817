// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// starts and ends need one entry per dimension.
module @m
graph @f(%x: f32[64,4]) -> f32[2] {
  // CHECK: [[@LINE+3]]:8: error: 'slice' op starts, ends and steps need one entry per dimension of f32[64,4] (rank 2)
  // CHECK-NEXT: {{^}}  %s = slice %x {starts = [0], ends = [2]} : (f32[64,4]) -> f32[2]{{$}}
  // CHECK-NEXT: {{^}}       ^{{$}}
  %s = slice %x {starts = [0], ends = [2]} : (f32[64,4]) -> f32[2]
  return %s
}
// CHECK-NOT: {{(error|note):}}
