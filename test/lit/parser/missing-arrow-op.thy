// RUN: not thymosc %s 2>&1 | FileCheck %s
// An op's domain and codomain are joined by '->'.
module @m

graph @f(%x: f32[4]) -> f32[4] {
  // CHECK: [[@LINE+3]]:26: error: expected '->' between the op's domain and codomain, found 'f32'
  // CHECK-NEXT: {{^}}  %y = exp %x : (f32[4]) f32[4]{{$}}
  // CHECK-NEXT: {{^}}                         ^{{$}}
  %y = exp %x : (f32[4]) f32[4]
  return %y
}
