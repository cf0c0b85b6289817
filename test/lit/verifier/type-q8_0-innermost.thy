// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// A q8_0 tensor whose innermost dimension is not a multiple of 32.
module @m
// CHECK: [[@LINE+3]]:22: error: argument %w has invalid type q8_0[64,48]: q8_0 stores blocks of 32 values, so the innermost dimension must be a multiple of 32
// CHECK-NEXT: {{^}}graph @f(%x: f32[4], %w: q8_0[64,48]) -> f32[4] {{[{]}}{{$}}
// CHECK-NEXT: {{^}}                     ^{{$}}
graph @f(%x: f32[4], %w: q8_0[64,48]) -> f32[4] {
  return %x
}
// CHECK-NOT: {{(error|note):}}
