// RUN: thymosc %s > %t.1 && thymosc %t.1 > %t.2 && diff %t.1 %t.2
// RUN: FileCheck %s < %t.1
// A graph with several results lists their types in parentheses; one result
// prints bare; no result prints as '()'. A 'return' with no values is bare.
module @m

// CHECK-LABEL: graph @two(%x: f32[2], %y: f32[3]) -> (f32[2], f32[3]) {
// CHECK-NEXT: return %x, %y
// CHECK-NEXT: }
graph @two(%x: f32[2], %y: f32[3]) -> (f32[2], f32[3]) {
  return %x, %y
}

// CHECK-LABEL: graph @one(%x: f32[2]) -> f32[2] {
graph @one(%x: f32[2]) -> (f32[2]) {
  return %x
}

// CHECK-LABEL: graph @none() -> () {
// CHECK-NEXT: {{^}}  return{{$}}
// CHECK-NEXT: {{^}}}{{$}}
graph @none() -> () {
  return
}
