// RUN: not thymosc %s 2>&1 | FileCheck %s
// '%' must be followed by a name.
module @m

graph @f(%x: f32[4]) -> f32[4] {
  // CHECK: [[@LINE+1]]:12: error: expected ':' and the op's type '(domain) -> codomain', found invalid character '%'
  %y = exp % : (f32[4]) -> f32[4]
  return %x
}
