// Linear regression: y = x·w + b for a batch of 64 rows of 4 features.
module @linreg

graph @predict(%x: f32[64,4], %w: f32[4,1], %b: f32[1]) -> f32[64,1] {
  %xw = matmul %x, %w : (f32[64,4], f32[4,1]) -> f32[64,1]
  %y = add %xw, %b : (f32[64,1], f32[1]) -> f32[64,1]
  return %y
}
