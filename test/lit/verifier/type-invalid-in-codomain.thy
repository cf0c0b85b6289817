// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// An op's codomain holds an invalid type.
module @m
graph @f(%x: f32[4,40]) -> f32[4,40] {
  // CHECK: [[@LINE+3]]:33: error: 'cast' op result #0 has invalid type q8_0[4,40]: q8_0 stores blocks of 32 values, so the innermost dimension must be a multiple of 32
  // CHECK-NEXT: {{^}}  %q = cast %x : (f32[4,40]) -> q8_0[4,40]{{$}}
  // CHECK-NEXT: {{^}}                                ^{{$}}
  %q = cast %x : (f32[4,40]) -> q8_0[4,40]
  return %x
}
// CHECK-NOT: {{(error|note):}}
