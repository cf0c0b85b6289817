// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// 'sum' requires 'axes'.
module @m
graph @f(%x: f32[64,4]) -> f32[64] {
  // CHECK: [[@LINE+3]]:8: error: 'sum' op requires attribute 'axes' (integer array)
  // CHECK-NEXT: {{^}}  %s = sum %x : (f32[64,4]) -> f32[64]{{$}}
  // CHECK-NEXT: {{^}}       ^{{$}}
  %s = sum %x : (f32[64,4]) -> f32[64]
  return %s
}
// CHECK-NOT: {{(error|note):}}
