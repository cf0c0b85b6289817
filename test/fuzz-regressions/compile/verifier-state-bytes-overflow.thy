// Four states of 2^62 bytes each: their total wrapped around 2^64 when CPU
// lowering laid them out, and thymosc wrote a plan whose state tensors lie
// outside the state buffer. The verifier now bounds the total.
module @m
state @a : f32[1073741824,1073741824]
state @b : f32[1073741824,1073741824]
state @c : f32[1073741824,1073741824]
state @d : f32[1073741824,1073741824]
state @e : f32[1]
graph @f(%x: f32[1]) -> f32[1] state(%e = @e) {
  %y = add %x, %e : (f32[1], f32[1]) -> f32[1]
  update @e = %y
  return %y
}
