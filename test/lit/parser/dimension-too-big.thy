// RUN: not thymosc %s 2>&1 | FileCheck %s
// 2^63 does not fit in int64: a parse error, not a wrapped negative size.
module @m

// CHECK: [[@LINE+1]]:18: error: expected a dimension size (a non-negative integer below 2^63), found '9223372036854775808'
graph @f(%x: f32[9223372036854775808]) -> f32[4] {
  return %x
}
