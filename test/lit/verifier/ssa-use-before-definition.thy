// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// An operand is defined by a later op: the error points at the use, the note at the definition.
module @m
graph @f(%x: f32[4]) -> f32[4] {
  // CHECK: [[@LINE+3]]:12: error: 'neg' op operand #0 (%b) is used before its definition
  // CHECK-NEXT: {{^}}  %a = neg %b : (f32[4]) -> f32[4]{{$}}
  // CHECK-NEXT: {{^}}           ^{{$}}
  %a = neg %b : (f32[4]) -> f32[4]
  // CHECK-NEXT: [[@LINE+3]]:8: note: defined here
  // CHECK-NEXT: {{^}}  %b = exp %x : (f32[4]) -> f32[4]{{$}}
  // CHECK-NEXT: {{^}}       ^{{$}}
  %b = exp %x : (f32[4]) -> f32[4]
  return %a
}
// CHECK-NOT: {{(error|note):}}
