// RUN: not thymosc %s 2>&1 | FileCheck %s
// Two result names for a codomain of one type.
module @m

graph @f(%x: f32[4]) -> f32[4] {
  // CHECK: [[@LINE+2]]:3: error: 2 result names but the codomain lists 1 type{{$}}
  // CHECK-NEXT: {{^}}  %a, %b = exp %x : (f32[4]) -> f32[4]{{$}}
  %a, %b = exp %x : (f32[4]) -> f32[4]
  return %a
}
