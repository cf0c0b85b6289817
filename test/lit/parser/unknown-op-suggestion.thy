// RUN: not thymosc %s 2>&1 | FileCheck %s
// An op name that does not exist gets a suggestion.
module @m

graph @f(%x: f32[4]) -> f32[4] {
  // CHECK: [[@LINE+3]]:8: error: unknown op 'exq'; did you mean 'exp'?
  // CHECK-NEXT: {{^}}  %y = exq %x : (f32[4]) -> f32[4]{{$}}
  // CHECK-NEXT: {{^}}       ^{{$}}
  %y = exq %x : (f32[4]) -> f32[4]
  return %y
}
