// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// Two graphs share a name: the second is reported, with a note at the first.
module @m
graph @f(%x: f32[4]) -> f32[4] {
  return %x
}
// CHECK: [[@LINE+3]]:1: error: redefinition of graph '@f'
// CHECK-NEXT: {{^}}graph @f(%x: f32[4]) -> f32[4] {{[{]}}{{$}}
// CHECK-NEXT: {{^}}^{{$}}
graph @f(%x: f32[4]) -> f32[4] {
  %y = neg %x : (f32[4]) -> f32[4]
  return %y
}
// CHECK-NEXT: :4:1: note: previous definition is here
// CHECK-NEXT: {{^}}graph @f(%x: f32[4]) -> f32[4] {{[{]}}{{$}}
// CHECK-NOT: {{(error|note):}}
