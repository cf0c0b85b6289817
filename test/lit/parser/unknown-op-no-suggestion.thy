// RUN: not thymosc %s 2>&1 | FileCheck %s --implicit-check-not=error:
// An op name far from every known op gets no suggestion; the result it would
// have defined is not reported again as undefined where it is returned.
module @m

graph @f(%x: f32[4]) -> f32[4] {
  // CHECK: [[@LINE+1]]:8: error: unknown op 'frobnicate'{{$}}
  %y = frobnicate %x : (f32[4]) -> f32[4]
  return %y
}
