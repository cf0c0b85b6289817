// RUN: not thymosc %s 2>&1 | FileCheck %s
// An op's domain is a parenthesised list, even for one type.
module @m

graph @f(%x: f32[4]) -> f32[4] {
  // CHECK: [[@LINE+3]]:17: error: expected '(' to start the domain type list, found 'f32'
  // CHECK-NEXT: {{^}}  %y = exp %x : f32[4] -> f32[4]{{$}}
  // CHECK-NEXT: {{^}}                ^{{$}}
  %y = exp %x : f32[4] -> f32[4]
  return %y
}
