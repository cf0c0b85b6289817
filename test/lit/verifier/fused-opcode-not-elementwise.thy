// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// Opcode 1 is matmul, which a program cannot use.
module @m
graph @f(%a: f32[4,4]) -> f32[4,4] {
  // CHECK: [[@LINE+3]]:8: error: 'fused' op instruction #1: opcode 1 is not a unary or binary elementwise op (4 to 17)
  // CHECK-NEXT: {{^}}  %y = fused %a {program = [9, 0, -1, 1, 1, 1]} : (f32[4,4]) -> f32[4,4]{{$}}
  // CHECK-NEXT: {{^}}       ^{{$}}
  %y = fused %a {program = [9, 0, -1, 1, 1, 1]} : (f32[4,4]) -> f32[4,4]
  return %y
}
// CHECK-NOT: {{(error|note):}}
