// RUN: not thymosc %s 2>&1 | FileCheck %s
// A name used before its definition and then defined twice: the note points at
// the first definition, not at the earlier use.
module @m

graph @f(%x: f32[4]) -> f32[4] {
  %b = exp %a : (f32[4]) -> f32[4]
  %a = neg %x : (f32[4]) -> f32[4]
  // CHECK: [[@LINE+3]]:3: error: redefinition of value '%a'
  // CHECK: [[@LINE-2]]:3: note: previous definition is here
  // CHECK-NEXT: {{^}}  %a = neg %x : (f32[4]) -> f32[4]{{$}}
  %a = relu %x : (f32[4]) -> f32[4]
  return %b
}
