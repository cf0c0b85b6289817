// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// With keepdims = true the reduced dimension stays as 1; the codomain drops it.
module @m
graph @f(%x: f32[64,4]) -> f32[64] {
  // CHECK: [[@LINE+3]]:62: error: 'sum' op codomain is f32[64], but the domain (f32[64,4]) gives f32[64,1]
  // CHECK-NEXT: {{^}}  %s = sum %x {axes = [1], keepdims = true} : (f32[64,4]) -> f32[64]{{$}}
  // CHECK-NEXT: {{^}}                                                             ^{{$}}
  %s = sum %x {axes = [1], keepdims = true} : (f32[64,4]) -> f32[64]
  return %s
}
// CHECK-NOT: {{(error|note):}}
