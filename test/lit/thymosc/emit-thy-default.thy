// --emit=thy is the default: both print the same text.
// RUN: thymosc %s > %t.default
// RUN: thymosc %s --emit=thy > %t.thy
// RUN: diff %t.default %t.thy
// RUN: FileCheck %s < %t.thy
// CHECK: {{^}}module @m{{$}}
module @m
graph @f(%x: f32[4]) -> f32[4] {
  return %x
}
