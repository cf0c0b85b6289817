// RUN: not thymosc %s 2>&1 | FileCheck %s --implicit-check-not=error:
// A non-ASCII byte outside a comment (é is 0xC3 0xA9 in UTF-8) is shown as an
// escape; one error, for its first byte. SourceMgr prints no caret under a
// line with non-ASCII text. In a comment, such bytes are fine: é.
module @m

graph @f(%x: f32[4]) -> f32[4] {
  // CHECK: [[@LINE+1]]:36: error: expected an op ('%name = ...'), 'update', 'return' or '}', found invalid character '\xc3'
  %y = exp %x : (f32[4]) -> f32[4] é
  return %y
}
