// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// A dimension above 2^40 is rejected.
module @m
// CHECK: [[@LINE+1]]:10: error: argument %x has invalid type i8[1099511627777]: dimension 0 is 1099511627777, above the limit 1099511627776
graph @f(%x: i8[1099511627777], %y: i8[1]) -> i8[1] {
  return %y
}
// CHECK-NOT: {{(error|note):}}
