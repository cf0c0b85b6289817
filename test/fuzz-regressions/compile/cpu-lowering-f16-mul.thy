// The CPU has no f16 'mul' kernel. thymosc used to compile this into a plan
// that thymos-run then refused; lowering now runs each kernel's check and
// reports the op (test/lit/codegen/cpu-kernel-unsupported-dtype.thy).
module @m

graph @f(%a: f16[2], %b: f16[2]) -> f16[2] {
  %p = mul %a, %b : (f16[2], f16[2]) -> f16[2]
  return %p
}
