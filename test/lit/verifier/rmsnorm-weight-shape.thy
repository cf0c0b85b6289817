// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// rmsnorm's weight must have the shape of x's last dimension.
module @m
graph @f(%x: f32[8,64], %g: f32[8]) -> f32[8,64] {
  // CHECK: [[@LINE+3]]:8: error: 'rmsnorm' op weight must have type f32[64] (x's element type and last dimension), got f32[8]
  // CHECK-NEXT: {{^}}  %n = rmsnorm %x, %g : (f32[8,64], f32[8]) -> f32[8,64]{{$}}
  // CHECK-NEXT: {{^}}       ^{{$}}
  %n = rmsnorm %x, %g : (f32[8,64], f32[8]) -> f32[8,64]
  return %n
}
// CHECK-NOT: {{(error|note):}}
