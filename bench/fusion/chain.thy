// Memory-bound: eight cheap elementwise ops (no exp or tanh) after a k = 8
// matmul on f32[256,4096], where each unfused step streams 4-12 MiB.
module @cheap_chain

graph @chain(%x: f32[256,8], %w: f32[8,4096], %b: f32[4096], %s: f32[4096],
             %res: f32[256,4096]) -> f32[256,4096] {
  %h = matmul %x, %w : (f32[256,8], f32[8,4096]) -> f32[256,4096]
  %a = add %h, %b : (f32[256,4096], f32[4096]) -> f32[256,4096]
  %c = mul %a, %s : (f32[256,4096], f32[4096]) -> f32[256,4096]
  %r = relu %c : (f32[256,4096]) -> f32[256,4096]
  %d = sub %r, %b : (f32[256,4096], f32[4096]) -> f32[256,4096]
  %e = mul %d, %d : (f32[256,4096], f32[256,4096]) -> f32[256,4096]
  %f = add %e, %res : (f32[256,4096], f32[256,4096]) -> f32[256,4096]
  %g = neg %f : (f32[256,4096]) -> f32[256,4096]
  %y = relu %g : (f32[256,4096]) -> f32[256,4096]
  return %y
}
