// RUN: not thymosc %s 2>&1 | FileCheck %s
// An op result may not reuse an argument's name.
module @m

// CHECK: [[@LINE+6]]:3: error: redefinition of value '%x'
// CHECK-NEXT: {{^}}  %x = exp %x : (f32[4]) -> f32[4]{{$}}
// CHECK: [[@LINE+3]]:10: note: previous definition is here
// CHECK-NEXT: {{^}}graph @f(%x: f32[4]) -> f32[4] {
// CHECK-NEXT: {{^}}         ^{{$}}
graph @f(%x: f32[4]) -> f32[4] {
  %x = exp %x : (f32[4]) -> f32[4]
  return %x
}
