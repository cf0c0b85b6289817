// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// A 32-value slice of q8_0 that starts mid-block straddles two blocks.
module @m
graph @f(%w: q8_0[4,64]) -> q8_0[4,32] {
  // CHECK: [[@LINE+3]]:8: error: 'slice' op slicing q8_0 this way splits its blocks of 32 values
  // CHECK-NEXT: {{^}}  %s = slice %w {starts = [0, 16], ends = [4, 48]} : (q8_0[4,64]) -> q8_0[4,32]{{$}}
  // CHECK-NEXT: {{^}}       ^{{$}}
  %s = slice %w {starts = [0, 16], ends = [4, 48]} : (q8_0[4,64]) -> q8_0[4,32]
  return %s
}
// CHECK-NOT: {{(error|note):}}
