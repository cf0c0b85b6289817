// RUN: not thymosc %s 2>&1 | FileCheck %s
// An op's operands and its type are separated by ':'.
module @m

graph @f(%x: f32[4]) -> f32[4] {
  // CHECK: [[@LINE+3]]:15: error: expected ':' and the op's type '(domain) -> codomain', found '('
  // CHECK-NEXT: {{^}}  %y = exp %x (f32[4]) -> f32[4]{{$}}
  // CHECK-NEXT: {{^}}              ^{{$}}
  %y = exp %x (f32[4]) -> f32[4]
  return %y
}
