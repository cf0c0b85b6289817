// RUN: not thymosc %s 2>&1 | FileCheck %s
// An operand that no argument or op defines.
module @m

graph @f(%x: f32[4]) -> f32[4] {
  // CHECK: [[@LINE+3]]:12: error: use of undefined value '%z'
  // CHECK-NEXT: {{^}}  %y = exp %z : (f32[4]) -> f32[4]{{$}}
  // CHECK-NEXT: {{^}}           ^{{$}}
  %y = exp %z : (f32[4]) -> f32[4]
  return %y
}
