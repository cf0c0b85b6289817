// -o with --emit=thy writes the printed module to the file and nothing to stdout.
// RUN: rm -f %t.out
// RUN: thymosc %s --emit=thy -o %t.out > %t.stdout
// RUN: FileCheck %s < %t.out
// RUN: FileCheck %s --check-prefix=STDOUT --allow-empty < %t.stdout
// CHECK: {{^}}module @m{{$}}
// CHECK: {{^}}graph @f(%x: f32[4]) -> f32[4] {
// STDOUT-NOT: {{.}}
module @m
graph @f(%x: f32[4]) -> f32[4] {
  return %x
}
