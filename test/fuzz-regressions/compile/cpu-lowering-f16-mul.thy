// The CPU has no f16 'mul' kernel. thymosc used to compile this into a plan
// that thymos-run then refused; 'mul' now declares only the types its kernel
// runs, and the verifier reports the operands (test/lit/verifier/dtype-mul-f16.thy).
module @m

graph @f(%a: f16[2], %b: f16[2]) -> f16[2] {
  %p = mul %a, %b : (f16[2], f16[2]) -> f16[2]
  return %p
}
