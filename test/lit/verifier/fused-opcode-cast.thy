// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// cast (18) changes the element type, so a program cannot use it.
module @m
graph @f(%a: f32[4]) -> f32[4] {
  // CHECK: [[@LINE+3]]:8: error: 'fused' op instruction #0: opcode 18 is not a unary or binary elementwise op (4 to 17)
  // CHECK-NEXT: {{^}}  %y = fused %a {program = [18, 0, -1]} : (f32[4]) -> f32[4]{{$}}
  // CHECK-NEXT: {{^}}       ^{{$}}
  %y = fused %a {program = [18, 0, -1]} : (f32[4]) -> f32[4]
  return %y
}
// CHECK-NOT: {{(error|note):}}
