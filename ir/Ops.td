//===- Ops.td - Every op of the Thymos IR, defined once ------------------===//
//
// The single source of truth for the IR's ops. thymos-tblgen generates from
// this file the OpKind enum, op names, operand/result arity, attribute schemas,
// type-constraint checks, typed accessors, and docs/ops.md. Adding an op is a
// record here, a type rule in ir/TypeRules.cpp, kernels, and lit tests.
//
// Op codes are append-only: they reach plan files.
//
//===----------------------------------------------------------------------===//

include "OpBase.td"

//===----------------------------------------------------------------------===//
// Constants
//===----------------------------------------------------------------------===//

def ConstOp : Thymos_Op<"const", 0, [StoredData]> {
  let planParams = "none: constants are plan data, never steps";
  let summary = "A tensor literal";
  let description = [{
The value is a number (every element gets it) or a nested array whose nesting
matches the codomain's shape. Integer element types need integral values.

```
%w = const {value = [[0.5], [-1.0]]} : () -> f32[2,1]
%z = const {value = 0} : () -> i32[4]
```
  }];
  let arguments = (ins DenseAttr:$value);
  let results = (outs NumericTensor:$result);
  let typeRule = "inferConst";
}

//===----------------------------------------------------------------------===//
// Linear algebra
//===----------------------------------------------------------------------===//

def MatMulOp : Thymos_Op<"matmul", 1> {
  let planParams = "[transpose_b] (0 or 1)";
  let summary = "Matrix product over the two innermost dimensions";
  let description = [{
`lhs` is `[..., m, k]` and `rhs` is `[..., k, n]` (or `[..., n, k]` with
`transpose_b = true`); the result is `[..., m, n]`. Leading (batch) dimensions
broadcast with NumPy's rules. Both operands have the same element type, except
that block-quantized weights (`q8_0`, `q4_0`, `q4_k`, `q5_k`, `q6_k`) multiply
`f32` activations with
`transpose_b = true` (each row of the weight is one run of blocks) and give `f32`,
and so do `f16` and `bf16` weights: as ggml does, the activations are rounded
to the weights' type first and the products summed in `f32` (the inner dimension is then at most
32768).

```
%y = matmul %x, %w : (f32[64,4], f32[4,1]) -> f32[64,1]
%h = matmul %x, %wq {transpose_b = true} : (f32[1,64], q4_0[256,64]) -> f32[1,256]
```
  }];
  let arguments = (ins FloatTensor:$lhs, WeightTensor:$rhs,
                   DefaultValued<BoolAttr, "false">:$transpose_b);
  let results = (outs FloatTensor:$result);
  let typeRule = "inferMatMul";
}

def CholeskyOp : Thymos_Op<"cholesky", 2> {
  let summary = "Lower Cholesky factor of symmetric positive definite matrices";
  let description = [{
For `a` of shape `[..., n, n]`, the result `l` is lower triangular with
`l · lᵀ = a`; only the lower triangle of `a` is read.

```
%l = cholesky %a : (f64[8,8]) -> f64[8,8]
```
  }];
  let arguments = (ins LinalgTensor:$a);
  let results = (outs LinalgTensor:$result);
  let typeRule = "inferCholesky";
}

def TriangularSolveOp : Thymos_Op<"triangular_solve", 3> {
  let planParams = "[lower, transpose_a] (each 0 or 1)";
  let summary = "Solve a triangular system op(a) · x = b";
  let description = [{
`a` is `[..., n, n]`, `b` is `[..., n, k]`, the result `x` has `b`'s shape.
`lower` says which triangle of `a` is used; `transpose_a` solves `aᵀ · x = b`,
so a Cholesky solve is two calls with the same factor.

```
%y = triangular_solve %l, %b : (f64[8,8], f64[8,1]) -> f64[8,1]
%x = triangular_solve %l, %y {transpose_a = true} : (f64[8,8], f64[8,1]) -> f64[8,1]
```
  }];
  let arguments = (ins LinalgTensor:$a, LinalgTensor:$b,
                   DefaultValued<BoolAttr, "true">:$lower,
                   DefaultValued<BoolAttr, "false">:$transpose_a);
  let results = (outs LinalgTensor:$result);
  let typeRule = "inferTriangularSolve";
}

//===----------------------------------------------------------------------===//
// Elementwise arithmetic
//===----------------------------------------------------------------------===//

class BinaryOp<string opName, int opCode, list<Trait> extraTraits, string math>
    : Thymos_Op<opName, opCode,
                !listconcat([Elementwise, Broadcasting, InPlaceSafe], extraTraits)> {
  let summary = "Elementwise " # math # " with broadcasting";
  let description = [{
Both operands have the same element type; their shapes broadcast with NumPy's
rules (dimensions aligned from the right; each pair equal or one of them 1).

```
%y = }] # opName # [{ %a, %b : (f32[64,1], f32[1]) -> f32[64,1]
```
  }];
  let arguments = (ins ArithmeticTensor:$lhs, ArithmeticTensor:$rhs);
  let results = (outs ArithmeticTensor:$result);
  let typeRule = "inferBroadcastBinary";
}

def AddOp : BinaryOp<"add", 4, [Commutative], "sum `lhs + rhs`">;
def SubOp : BinaryOp<"sub", 5, [], "difference `lhs - rhs`">;
def MulOp : BinaryOp<"mul", 6, [Commutative], "product `lhs * rhs`">;
def DivOp : BinaryOp<"div", 7, [], "quotient `lhs / rhs`">;

class UnaryOp<string opName, int opCode, TensorOf constraint, string math>
    : Thymos_Op<opName, opCode, [Elementwise, InPlaceSafe]> {
  let summary = "Elementwise " # math;
  let description = [{
The result has the operand's type.

```
%y = }] # opName # [{ %x : (f32[4,8]) -> f32[4,8]
```
  }];
  let arguments = (ins constraint:$x);
  let results = (outs constraint:$result);
  let typeRule = "inferSameAsOperand";
}

def NegOp     : UnaryOp<"neg",     8, ArithmeticTensor, "negation `-x`">;
def ExpOp     : UnaryOp<"exp",     9, MathTensor, "exponential `e^x`">;
def LogOp     : UnaryOp<"log",    10, MathTensor, "natural logarithm `ln x`">;
def SqrtOp    : UnaryOp<"sqrt",   11, MathTensor, "square root">;
def RsqrtOp   : UnaryOp<"rsqrt",  12, MathTensor, "reciprocal square root `1/sqrt(x)`">;
def ReluOp    : UnaryOp<"relu",   13, ArithmeticTensor, "rectifier `max(x, 0)`">;
def SigmoidOp : UnaryOp<"sigmoid", 14, MathTensor, "logistic function `1/(1+e^-x)`">;
def TanhOp    : UnaryOp<"tanh",   15, MathTensor, "hyperbolic tangent">;
def GeluOp    : UnaryOp<"gelu",   16, MathTensor,
                        "GELU `x·Φ(x)` (tanh approximation, as in GPT-2)">;
def SiluOp    : UnaryOp<"silu",   17, MathTensor, "SiLU (swish) `x·sigmoid(x)`">;

def CastOp : Thymos_Op<"cast", 18, [Elementwise, InPlaceSafe]> {
  let summary = "Convert elements to the codomain's element type";
  let description = [{
The shape is unchanged; the element type comes from the codomain. Casting to or
from a block-quantized type quantizes or dequantizes (the innermost dimension
must be a multiple of its block: 32 for `q8_0`/`q4_0`, 256 for the K-quants). Float to integer rounds toward zero.

```
%h = cast %x : (f32[4,32]) -> f16[4,32]
```
  }];
  let arguments = (ins AnyTensor:$x);
  let results = (outs AnyTensor:$result);
  let typeRule = "inferCast";
}

//===----------------------------------------------------------------------===//
// Reductions and normalizations
//===----------------------------------------------------------------------===//

def SoftmaxOp : Thymos_Op<"softmax", 19> {
  let planParams = "[axis] (0 <= axis < rank)";
  let summary = "Softmax along one axis";
  let description = [{
`exp(x - max(x)) / sum(exp(x - max(x)))` along `axis` (negative values count
from the end). The result has the operand's type.

```
%p = softmax %logits {axis = -1} : (f32[4,10]) -> f32[4,10]
```
  }];
  let arguments = (ins FloatTensor:$x, DefaultValued<I64Attr, "-1">:$axis);
  let results = (outs FloatTensor:$result);
  let typeRule = "inferSoftmax";
}

class ReduceOp<string opName, int opCode, TensorOf constraint, string math>
    : Thymos_Op<opName, opCode> {
  let planParams = "[axis_mask]: bit i set means dimension i is reduced; the result keeps the rank (reduced dims become 1) or drops the reduced dims";
  let summary = "Reduce with " # math # " over `axes`";
  let description = [{
`axes` lists distinct dimensions (negative values count from the end). With
`keepdims = true` the reduced dimensions stay as 1, otherwise they are removed.

```
%s = }] # opName # [{ %x {axes = [1], keepdims = true} : (f32[64,4]) -> f32[64,1]
%t = }] # opName # [{ %x {axes = [0, 1]} : (f32[64,4]) -> f32[]
```
  }];
  let arguments = (ins constraint:$x, I64ArrayAttr:$axes,
                   DefaultValued<BoolAttr, "false">:$keepdims);
  let results = (outs constraint:$result);
  let typeRule = "inferReduce";
}

def SumOp  : ReduceOp<"sum", 20, ArithmeticTensor, "the sum">;
def MeanOp : ReduceOp<"mean", 21, MathTensor, "the arithmetic mean">;
def MaxOp  : ReduceOp<"max", 22, ArithmeticTensor, "the maximum">;

def RmsNormOp : Thymos_Op<"rmsnorm", 23> {
  let planParams = "[epsilon] (its IEEE 754 binary64 bit pattern)";
  let summary = "Root-mean-square normalization over the last axis, then scale";
  let description = [{
`x / sqrt(mean(x², last axis) + epsilon) * weight`, where `weight` has the
shape of `x`'s last dimension (as in LLaMA).

```
%n = rmsnorm %x, %g {epsilon = 1.0e-5} : (f32[8,64], f32[64]) -> f32[8,64]
```
  }];
  let arguments = (ins MathTensor:$x, MathTensor:$weight,
                   DefaultValued<F64Attr, "1e-5">:$epsilon);
  let results = (outs MathTensor:$result);
  let typeRule = "inferNormalization";
}

def LayerNormOp : Thymos_Op<"layernorm", 24> {
  let planParams = "[epsilon] (its IEEE 754 binary64 bit pattern)";
  let summary = "Layer normalization over the last axis, then scale and shift";
  let description = [{
`(x - mean) / sqrt(var + epsilon) * weight + bias` over the last axis, with
the population variance; `weight` and `bias` have the last dimension's shape.

```
%n = layernorm %x, %g, %b : (f32[8,64], f32[64], f32[64]) -> f32[8,64]
```
  }];
  let arguments = (ins MathTensor:$x, MathTensor:$weight, MathTensor:$bias,
                   DefaultValued<F64Attr, "1e-5">:$epsilon);
  let results = (outs MathTensor:$result);
  let typeRule = "inferNormalization";
}

//===----------------------------------------------------------------------===//
// Data movement
//===----------------------------------------------------------------------===//

def TransposeOp : Thymos_Op<"transpose", 25> {
  let planParams = "perm[rank]";
  let summary = "Permute dimensions";
  let description = [{
Result dimension `i` is operand dimension `perm[i]`; `perm` is a permutation of
`0 .. rank-1`.

```
%t = transpose %x {perm = [1, 0]} : (f32[64,4]) -> f32[4,64]
```
  }];
  let arguments = (ins NumericTensor:$x, I64ArrayAttr:$perm);
  let results = (outs NumericTensor:$result);
  let typeRule = "inferTranspose";
}

def ReshapeOp : Thymos_Op<"reshape", 26, [ViewLike, InPlaceSafe]> {
  let summary = "Reinterpret the elements in a new shape";
  let description = [{
The codomain gives the new shape; it must hold the same number of elements.
Elements keep their row-major order.

```
%r = reshape %x : (f32[64,4]) -> f32[16,16]
```
  }];
  let arguments = (ins NumericTensor:$x);
  let results = (outs NumericTensor:$result);
  let typeRule = "inferReshape";
}

def BroadcastOp : Thymos_Op<"broadcast", 27> {
  let summary = "Broadcast to the codomain's shape";
  let description = [{
The operand's shape must broadcast to the codomain's with NumPy's rules.

```
%b = broadcast %bias : (f32[4]) -> f32[64,4]
```
  }];
  let arguments = (ins NumericTensor:$x);
  let results = (outs NumericTensor:$result);
  let typeRule = "inferBroadcastTo";
}

def SliceOp : Thymos_Op<"slice", 28> {
  let planParams = "starts[rank], steps[rank] (steps default to 1)";
  let summary = "Take a strided box of elements";
  let description = [{
Along each dimension `d`, keep indices `starts[d], starts[d] + steps[d], ...`
below `ends[d]` (exclusive); `0 <= starts[d] <= ends[d] <= dim`, and the box
must not be empty. `steps` defaults to all ones.

```
%s = slice %x {starts = [0, 1], ends = [64, 3]} : (f32[64,4]) -> f32[64,2]
```
  }];
  let arguments = (ins NumericTensor:$x, I64ArrayAttr:$starts, I64ArrayAttr:$ends,
                   DefaultValued<I64ArrayAttr, "{}">:$steps);
  let results = (outs NumericTensor:$result);
  let typeRule = "inferSlice";
}

def ConcatOp : Thymos_Op<"concat", 29> {
  let planParams = "[axis] (0 <= axis < rank)";
  let summary = "Join tensors along an axis";
  let description = [{
All inputs have the same element type and rank, and equal dimensions except
along `axis` (negative values count from the end).

```
%c = concat %a, %b {axis = 1} : (f32[4,2], f32[4,3]) -> f32[4,5]
```
  }];
  let arguments = (ins Variadic<NumericTensor>:$inputs, I64Attr:$axis);
  let results = (outs NumericTensor:$result);
  let typeRule = "inferConcat";
}

def GatherOp : Thymos_Op<"gather", 30> {
  let planParams = "[axis] (0 <= axis < rank of the table)";
  let summary = "Pick slices of `data` along `axis` by index";
  let description = [{
The result shape is `data.shape[:axis] + indices.shape + data.shape[axis+1:]`.
Indices out of range are a run-time error. Gathering rows (`axis = 0`) of a
rank-2 block-quantized table dequantizes them to `f32` (an embedding lookup).

```
%e = gather %table, %ids {axis = 0} : (f32[32000,64], i32[8]) -> f32[8,64]
```
  }];
  let arguments = (ins AnyTensor:$data, IndexTensor:$indices,
                   DefaultValued<I64Attr, "0">:$axis);
  let results = (outs NumericTensor:$result);
  let typeRule = "inferGather";
}

//===----------------------------------------------------------------------===//
// Fusion
//===----------------------------------------------------------------------===//

// The kernel reads every input at the positions of the block of results it is
// computing before it writes that block, so a same-typed input may be
// overwritten by the result (the in-place rule of passes/PlanMemory.cpp).
def FusedOp : Thymos_Op<"fused", 31, [Elementwise, Broadcasting, InPlaceSafe]> {
  let planParams = "program[3k]: k instructions [opcode, a, b], encoded as runtime/FusedProgram.h describes";
  let summary = "Several elementwise ops evaluated in one pass over memory";
  let description = [{
`program` is a flat list of instructions, three integers each:
`[opcode, a, b]`. `opcode` is the op code of a unary or binary elementwise op:
`add` 4, `sub` 5, `mul` 6, `div` 7, `neg` 8, `exp` 9, `log` 10, `sqrt` 11,
`rsqrt` 12, `relu` 13, `sigmoid` 14, `tanh` 15, `gelu` 16, `silu` 17. `a` and
`b` are value indices: with `n` inputs, index `i < n` is input `i`, and index
`n + j` is the value of instruction `j`, which must come before the
instruction that reads it. Unary ops read `a`; their `b` must be -1. The last
instruction's value is the result.

Inputs share one element type, `f32` or `f64`, and broadcast with NumPy's
rules; every instruction is evaluated at the result's shape, the broadcast of
all inputs' shapes, with the same arithmetic as the standalone ops, so results
are bit-identical to the unfused ops. At most 16 inputs and 64 instructions.
The pass `fuse-elementwise` creates these ops.

Below, `gelu(x + b) * s` with 3 inputs: instruction 0 (value 3) is
`add x, b`, instruction 1 (value 4) is `gelu` of value 3, instruction 2 is
`mul` of value 4 and `s`.

```
%y = fused %x, %b, %s {program = [4, 0, 1, 16, 3, -1, 6, 4, 2]} : (f32[8,64], f32[64], f32[8,1]) -> f32[8,64]
```
  }];
  let arguments = (ins Variadic<MathTensor>:$inputs, I64ArrayAttr:$program);
  let results = (outs MathTensor:$result);
  let typeRule = "inferFused";
}

//===----------------------------------------------------------------------===//
// Weights by reference
//===----------------------------------------------------------------------===//

def GgufTensorOp : Thymos_Op<"gguf_tensor", 32, [StoredData]> {
  let planParams = "none: weights are plan data (mapped from their file), never steps";
  let summary = "A tensor of a GGUF file, used in place";
  let description = [{
Binds the tensor named `name` of the GGUF file `file` without copying it: the
plan records the file, where the tensor lies in it and a fingerprint of its
bytes, and the runtime maps the file and uses the data where it is. A relative
`file` is resolved against the directory of the `.thy` file when compiling
and of the plan file when running, so the three can move together.

The codomain states the type the graph expects; `thymosc` checks it against
the file when it lowers the graph. GGUF lists dimensions innermost first
(`ne0, ne1, ...`); the codomain lists them outermost first, so a GGUF matrix
`[64, 256]` (256 rows of 64) is `[256, 64]` here, ready for
`matmul ... {transpose_b = true}`. Element types map one to one: GGUF `F32`,
`F16`, `BF16`, `Q8_0`, `Q4_0`, `Q4_K`, `Q5_K`, `Q6_K`, `I8`, `I32`.

```
%wq = gguf_tensor {file = "model.gguf", name = "blk.0.attn_q.weight"} : () -> q4_0[64,64]
```
  }];
  let arguments = (ins StrAttr:$file, StrAttr:$name);
  let results = (outs AnyTensor:$result);
  let typeRule = "inferGgufTensor";
}

//===----------------------------------------------------------------------===//
// Position encodings
//===----------------------------------------------------------------------===//

// The kernel reads both elements of a pair before it writes either, and
// copies the dimensions past `rotary_dims` element by element, so the result
// may overwrite `x`.
def RopeOp : Thymos_Op<"rope", 33, [InPlaceSafe]> {
  let planParams = "[freq_base, rotary_dims] (freq_base as its IEEE 754 binary64 bit pattern)";
  let summary = "Rotary position embedding of each head's vector, by each token's position";
  let description = [{
`x` is `[T, H, D]`: `T` tokens, `H` heads of dimension `D`; `pos[t]` is the
position of token `t`, an `i32` known only at run time (so one plan serves
every decode step). Adjacent elements `(2i, 2i+1)` of each head's vector, for
`i < rotary_dims / 2`, are rotated by the angle
`θ = pos[t] · freq_base^(-2i / rotary_dims)`:

```
y[t, h, 2i]   = x[t, h, 2i] · cos θ − x[t, h, 2i+1] · sin θ
y[t, h, 2i+1] = x[t, h, 2i] · sin θ + x[t, h, 2i+1] · cos θ
```

Elements from `rotary_dims` to `D` pass through unchanged. This is
llama.cpp's "normal" RoPE mode (ggml's `ggml_rope` with mode 0), the one it
applies to llama models stored in GGUF. Meta's llama rotates adjacent pairs
too; Hugging Face checkpoints rotate the two halves of each head instead, and
llama.cpp's conversion script permutes their q and k weights back to Meta's
layout, so GGUF weights pair with this op as they are.
The angle, its cosine and sine are computed in binary64 (ggml uses binary32,
so results agree to f32 rounding). `rotary_dims` must be even with
`0 < rotary_dims <= D`, and `freq_base` finite and positive (10000 for
llama). A negative position is a run-time error.

```
%q = rope %x, %pos {freq_base = 10000.0, rotary_dims = 64} : (f32[8,32,64], i32[8]) -> f32[8,32,64]
```
  }];
  let arguments = (ins MathTensor:$x, IndexTensor:$pos,
                   DefaultValued<F64Attr, "10000.0">:$freq_base, I64Attr:$rotary_dims);
  let results = (outs MathTensor:$result);
  let typeRule = "inferRope";
}

def RopeScaledOp : Thymos_Op<"rope_scaled", 36, [InPlaceSafe]> {
  let planParams = "[freq_base, rotary_dims] (freq_base as its IEEE 754 binary64 bit pattern)";
  let summary = "Rotary position embedding with a frequency factor per pair (Llama 3.1)";
  let description = [{
As `rope`, with each pair's angle divided by a factor from `factors`, an
`f32[rotary_dims / 2]` tensor: `θ = pos[t] · freq_base^(-2i / rotary_dims) /
factors[i]`. Llama 3.1 and 3.2 stretch their low frequencies this way (the
GGUF tensor `rope_freqs.weight`, which llama.cpp passes to `ggml_rope_ext` as
its frequency factors). Every factor must be finite and positive, which the
kernel checks when it runs.

```
%q = rope_scaled %x, %pos, %f {freq_base = 500000.0, rotary_dims = 64} : (f32[8,32,64], i32[8], f32[32]) -> f32[8,32,64]
```
  }];
  let arguments = (ins MathTensor:$x, IndexTensor:$pos, F32Tensor:$factors,
                   DefaultValued<F64Attr, "10000.0">:$freq_base, I64Attr:$rotary_dims);
  let results = (outs MathTensor:$result);
  let typeRule = "inferRopeScaled";
}

//===----------------------------------------------------------------------===//
// Attention over a key/value cache
//===----------------------------------------------------------------------===//

def CacheWriteOp : Thymos_Op<"cache_write", 34, [UpdatesFirstOperand]> {
  let summary = "The cache with rows pos .. pos+T-1 replaced by `rows`";
  let description = [{
`cache` is `[C, ...]`: `C` rows (positions) of a key or value cache; `rows` is
`[T, ...]` with the same trailing dimensions, `T <= C`, and the cache's
element type, or `f32` for an `f16` or `q8_0` cache: each row is then
rounded to `f16`, or quantized to `q8_0` in blocks of 32 along its last
dimension (ggml's reference quantizer), which must be a multiple of 32. The
result is `cache` with rows `pos, ..., pos + T - 1` replaced by `rows` and
every other row unchanged. `pos` is an `i32` scalar known only at run time;
`pos < 0` or `pos + T > C` is a run-time error, raised before anything is
written, so the static type stays exact and no write can leave the cache.

When `cache` is a state read that nothing else uses and the result is that
state's `update`, the compiler places the result in the state itself: the
step writes the `T` new rows and nothing else, and the update copies nothing
(trait `UpdatesFirstOperand`). A decode step therefore costs `O(T)`, not
`O(C)`, for the cache.

```
graph @step(%k: f32[1,4,8], %pos: i32[]) -> f32[2048,4,8] state(%kc = @k_cache) {
  %kc2 = cache_write %kc, %k, %pos : (f32[2048,4,8], f32[1,4,8], i32[]) -> f32[2048,4,8]
  update @k_cache = %kc2
  return %kc2
}
```
  }];
  let arguments = (ins CacheTensor:$cache, MathTensor:$rows, IndexTensor:$pos);
  let results = (outs CacheTensor:$result);
  let typeRule = "inferCacheWrite";
}

def AttentionOp : Thymos_Op<"attention", 35> {
  let planParams = "[scale] (as its IEEE 754 binary64 bit pattern)";
  let summary = "Causal attention of T queries over the cache rows up to each query's position";
  let description = [{
`q` is `[T, H, D]`: `T` query tokens of `H` heads of dimension `D`, at the
positions `pos, ..., pos + T - 1` (`pos` an `i32` scalar known at run time).
`k` and `v` are caches `[C, G, D]` of `G` key/value heads (`H` a multiple of
`G`: grouped-query attention, query head `h` reads key/value head
`h / (H / G)`), holding the rows of positions `0 .. C-1`. Query `t` attends to
the rows `0 .. pos + t` and nothing past them (causal):

```
s_j        = scale · q[t, h, :] · k[j, g, :]          for j = 0 .. pos + t
result[t, h, :] = Σ_j softmax(s)_j · v[j, g, :]
```

The cost grows with the current position, not with `C`: each key and value
row up to `pos + t` is read once per query head, and rows past it are never
read. The softmax is computed in one pass with a running maximum, in binary64,
so no scratch space is needed. `scale` is usually `1/sqrt(D)`.
`pos < 0` or `pos + T > C` is a run-time error, raised before anything is
written. `D` is at most 1024. With an `f32` `q`, the caches may be `f16` or
`q8_0` (both the same): their rows are read as the values they store.

```
%a = attention %q, %kc, %vc, %pos {scale = 0.125} : (f32[1,8,64], f32[2048,4,64], f32[2048,4,64], i32[]) -> f32[1,8,64]
```
  }];
  let arguments = (ins MathTensor:$q, CacheTensor:$k, CacheTensor:$v, IndexTensor:$pos,
                   F64Attr:$scale);
  let results = (outs MathTensor:$result);
  let typeRule = "inferAttention";
}
