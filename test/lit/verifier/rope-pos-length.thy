// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// rope needs one position per token.
module @m
graph @f(%x: f32[8,4,64], %p: i32[4]) -> f32[8,4,64] {
  // CHECK: [[@LINE+3]]:8: error: 'rope' op pos must have shape [8] (one position per token of x), got i32[4]
  // CHECK-NEXT: {{^}}  %y = rope %x, %p {rotary_dims = 64} : (f32[8,4,64], i32[4]) -> f32[8,4,64]{{$}}
  // CHECK-NEXT: {{^}}       ^{{$}}
  %y = rope %x, %p {rotary_dims = 64} : (f32[8,4,64], i32[4]) -> f32[8,4,64]
  return %y
}
// CHECK-NOT: {{(error|note):}}
