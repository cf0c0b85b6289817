// RUN: not thymosc %s 2>&1 | FileCheck %s
// Each name is defined once; the note points at the first definition.
module @m

graph @f(%x: f32[4]) -> f32[4] {
  %y = exp %x : (f32[4]) -> f32[4]
  // CHECK: [[@LINE+4]]:3: error: redefinition of value '%y'
  // CHECK-NEXT: {{^}}  %y = neg %x : (f32[4]) -> f32[4]{{$}}
  // CHECK: [[@LINE-3]]:3: note: previous definition is here
  // CHECK-NEXT: {{^}}  %y = exp %x : (f32[4]) -> f32[4]{{$}}
  %y = neg %x : (f32[4]) -> f32[4]
  return %y
}
