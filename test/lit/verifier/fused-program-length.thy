// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// The program is not a whole number of [opcode, a, b] triples.
module @m
graph @f(%a: f32[4]) -> f32[4] {
  // CHECK: [[@LINE+3]]:8: error: 'fused' op program must hold [opcode, a, b] triples, one or more; got 2 integers
  // CHECK-NEXT: {{^}}  %y = fused %a {program = [9, 0]} : (f32[4]) -> f32[4]{{$}}
  // CHECK-NEXT: {{^}}       ^{{$}}
  %y = fused %a {program = [9, 0]} : (f32[4]) -> f32[4]
  return %y
}
// CHECK-NOT: {{(error|note):}}
