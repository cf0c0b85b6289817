// f32 -> q8_0/q4_0 -> f32 through cast, for cast-roundtrip.test.
module @roundtrip

graph @q8_0(%x: f32[8,96]) -> f32[8,96] {
  %q = cast %x : (f32[8,96]) -> q8_0[8,96]
  %y = cast %q : (q8_0[8,96]) -> f32[8,96]
  return %y
}

graph @q4_0(%x: f32[8,96]) -> f32[8,96] {
  %q = cast %x : (f32[8,96]) -> q4_0[8,96]
  %y = cast %q : (q4_0[8,96]) -> f32[8,96]
  return %y
}
