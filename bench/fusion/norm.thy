// Norm-heavy: a layer normalization written out in elementwise ops and
// reductions after a cheap matmul (k = 8), then scale, shift, a gated SiLU and a
// residual add, all on f32[256,4096].
module @norm_chain

graph @norm(%x: f32[256,8], %w: f32[8,4096], %g: f32[4096], %b: f32[4096],
            %gate: f32[256,4096], %res: f32[256,4096]) -> f32[256,4096] {
  %eps = const {value = 1.0e-5} : () -> f32[]
  %h = matmul %x, %w : (f32[256,8], f32[8,4096]) -> f32[256,4096]
  %m = mean %h {axes = [1], keepdims = true} : (f32[256,4096]) -> f32[256,1]
  %d = sub %h, %m : (f32[256,4096], f32[256,1]) -> f32[256,4096]
  %d2 = mul %d, %d : (f32[256,4096], f32[256,4096]) -> f32[256,4096]
  %v = mean %d2 {axes = [1], keepdims = true} : (f32[256,4096]) -> f32[256,1]
  %ve = add %v, %eps : (f32[256,1], f32[]) -> f32[256,1]
  %r = rsqrt %ve : (f32[256,1]) -> f32[256,1]
  %n = mul %d, %r : (f32[256,4096], f32[256,1]) -> f32[256,4096]
  %s = mul %n, %g : (f32[256,4096], f32[4096]) -> f32[256,4096]
  %t = add %s, %b : (f32[256,4096], f32[4096]) -> f32[256,4096]
  %a = silu %t : (f32[256,4096]) -> f32[256,4096]
  %k = sigmoid %gate : (f32[256,4096]) -> f32[256,4096]
  %u = mul %a, %k : (f32[256,4096], f32[256,4096]) -> f32[256,4096]
  %y = add %u, %res : (f32[256,4096], f32[256,4096]) -> f32[256,4096]
  return %y
}
