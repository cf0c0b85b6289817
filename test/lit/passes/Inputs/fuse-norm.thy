// A layer normalization written out in elementwise ops and reductions, then
// a SiLU: the fusion pass turns the elementwise tail into one fused op whose
// inputs broadcast ([16,64] with [16,1] and [64]).
module @norm

graph @norm(%x: f32[16,64], %g: f32[64], %b: f32[64]) -> f32[16,64] {
  %eps = const {value = 1.0e-5} : () -> f32[]
  %m = mean %x {axes = [1], keepdims = true} : (f32[16,64]) -> f32[16,1]
  %d = sub %x, %m : (f32[16,64], f32[16,1]) -> f32[16,64]
  %d2 = mul %d, %d : (f32[16,64], f32[16,64]) -> f32[16,64]
  %v = mean %d2 {axes = [1], keepdims = true} : (f32[16,64]) -> f32[16,1]
  %ve = add %v, %eps : (f32[16,1], f32[]) -> f32[16,1]
  %r = rsqrt %ve : (f32[16,1]) -> f32[16,1]
  %n = mul %d, %r : (f32[16,64], f32[16,1]) -> f32[16,64]
  %y0 = mul %n, %g : (f32[16,64], f32[64]) -> f32[16,64]
  %y1 = add %y0, %b : (f32[16,64], f32[64]) -> f32[16,64]
  %y = silu %y1 : (f32[16,64]) -> f32[16,64]
  return %y
}
