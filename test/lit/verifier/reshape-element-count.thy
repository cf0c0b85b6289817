// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// reshape must keep the number of elements (256 vs 255).
module @m
graph @f(%x: f32[64,4]) -> f32[15,17] {
  // CHECK: [[@LINE+3]]:8: error: 'reshape' op cannot reshape f32[64,4] (256 elements) into f32[15,17] (255 elements)
  // CHECK-NEXT: {{^}}  %r = reshape %x : (f32[64,4]) -> f32[15,17]{{$}}
  // CHECK-NEXT: {{^}}       ^{{$}}
  %r = reshape %x : (f32[64,4]) -> f32[15,17]
  return %r
}
// CHECK-NOT: {{(error|note):}}
