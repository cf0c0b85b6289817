// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// An empty program computes nothing.
module @m
graph @f(%a: f32[4]) -> f32[4] {
  // CHECK: [[@LINE+3]]:8: error: 'fused' op program must hold [opcode, a, b] triples, one or more; got 0 integers
  // CHECK-NEXT: {{^}}  %y = fused %a {program = []} : (f32[4]) -> f32[4]{{$}}
  // CHECK-NEXT: {{^}}       ^{{$}}
  %y = fused %a {program = []} : (f32[4]) -> f32[4]
  return %y
}
// CHECK-NOT: {{(error|note):}}
