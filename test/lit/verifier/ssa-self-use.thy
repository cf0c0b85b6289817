// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// An op uses its own result as an operand.
module @m
graph @f(%x: f32[4]) -> f32[4] {
  // CHECK: [[@LINE+4]]:16: error: 'add' op operand #1 (%a) is used before its definition
  // CHECK-NEXT: {{^}}  %a = add %x, %a : (f32[4], f32[4]) -> f32[4]{{$}}
  // CHECK-NEXT: {{^}}               ^{{$}}
  // CHECK-NEXT: [[@LINE+1]]:8: note: defined here
  %a = add %x, %a : (f32[4], f32[4]) -> f32[4]
  return %a
}
// CHECK-NOT: {{(error|note):}}
