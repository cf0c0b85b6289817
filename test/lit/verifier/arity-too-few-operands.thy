// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// A binary op is given one operand.
module @m
graph @f(%x: f32[4]) -> f32[4] {
  // CHECK: [[@LINE+3]]:8: error: 'mul' op expects 2 operands, but 1 was given
  // CHECK-NEXT: {{^}}  %y = mul %x : (f32[4]) -> f32[4]{{$}}
  // CHECK-NEXT: {{^}}       ^{{$}}
  %y = mul %x : (f32[4]) -> f32[4]
  return %y
}
// CHECK-NOT: {{(error|note):}}
