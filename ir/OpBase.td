//===- OpBase.td - The vocabulary that Ops.td is written in ---------------===//
//
// Element types, operand type constraints, attribute kinds and traits.
// thymos-tblgen reads these classes; Ops.td uses them to declare every op.
// Numbers that reach a file format (dtype and op codes) are append-only.
//
//===----------------------------------------------------------------------===//

//===----------------------------------------------------------------------===//
// Element types
//===----------------------------------------------------------------------===//

// A tensor element type. Plain types have blockElems = 1; block-quantized
// types store blockElems values in blockBytes bytes, and a tensor's innermost
// dimension must be a multiple of blockElems.
class DType<string mnemonic, int dtypeCode, int elemsPerBlock, int bytesPerBlock,
            bit floating, bit quantized, string doc> {
  string name = mnemonic;
  int encoding = dtypeCode;
  int blockElems = elemsPerBlock;
  int blockBytes = bytesPerBlock;
  bit isFloat = floating;
  bit isQuantized = quantized;
  string summary = doc;
}

def F64  : DType<"f64",  0, 1, 8, 1, 0, "IEEE 754 binary64">;
def F32  : DType<"f32",  1, 1, 4, 1, 0, "IEEE 754 binary32">;
def F16  : DType<"f16",  2, 1, 2, 1, 0, "IEEE 754 binary16">;
def BF16 : DType<"bf16", 3, 1, 2, 1, 0, "bfloat16: binary32 with a 7-bit mantissa">;
def I32  : DType<"i32",  4, 1, 4, 0, 0, "32-bit two's complement integer">;
def I8   : DType<"i8",   5, 1, 1, 0, 0, "8-bit two's complement integer">;
// ggml's block layouts: an fp16 scale followed by the quantized values.
def Q8_0 : DType<"q8_0", 6, 32, 34, 0, 1,
                 "ggml Q8_0: blocks of 32 values, fp16 scale + 32 x int8">;
def Q4_0 : DType<"q4_0", 7, 32, 18, 0, 1,
                 "ggml Q4_0: blocks of 32 values, fp16 scale + 16 bytes of 4-bit values">;
// ggml's K-quants: super-blocks of 256 values in sub-blocks with their own
// quantized scales (runtime/quant/KQuant.h).
def Q4_K : DType<"q4_k", 8, 256, 144, 0, 1,
                 "ggml Q4_K: super-blocks of 256 values, 8 sub-blocks with 6-bit scales and mins">;
def Q5_K : DType<"q5_k", 9, 256, 176, 0, 1,
                 "ggml Q5_K: super-blocks of 256 values, as Q4_K with a fifth bit per value">;
def Q6_K : DType<"q6_k", 10, 256, 210, 0, 1,
                 "ggml Q6_K: super-blocks of 256 values, 16 sub-blocks with 8-bit scales">;

//===----------------------------------------------------------------------===//
// Operand type constraints
//===----------------------------------------------------------------------===//

// A tensor whose element type is one of `types`. `description` completes the
// sentence "operand #N must be a ...".
//
// An op declares exactly the element types its CPU kernel (runtime/cpu/) runs,
// so the verifier refuses what no kernel could run and docs/ops.md lists what
// runs. test/unit/OpTypesMatchKernelsTest.cpp holds the two together.
class TensorOf<list<DType> allowed, string desc> {
  list<DType> types = allowed;
  string description = desc;
}

// Casts convert between any two types; weights referenced in files and
// gathered tables may be of any type.
def AnyTensor : TensorOf<[F64, F32, F16, BF16, I32, I8, Q8_0, Q4_0, Q4_K, Q5_K, Q6_K],
                         "tensor of any element type">;
// Every type with whole elements: constants, and data movement, which copies
// elements without looking at them.
def NumericTensor : TensorOf<[F64, F32, F16, BF16, I32, I8],
                             "tensor of f64, f32, f16, bf16, i32 or i8 values">;
// Matrix products and softmax also compute in f16 and bf16 (in f32 inside).
def FloatTensor : TensorOf<[F64, F32, F16, BF16],
                           "tensor of f64, f32, f16 or bf16 values">;
def IndexTensor : TensorOf<[I32], "tensor of i32 values">;
// Weights of a matrix product may be block-quantized.
def WeightTensor : TensorOf<[F64, F32, F16, BF16, Q8_0, Q4_0, Q4_K, Q5_K, Q6_K],
                            "tensor of f64, f32, f16, bf16 or block-quantized values">;
// Elementwise arithmetic, negation, relu, sums and maxima.
def ArithmeticTensor : TensorOf<[F64, F32, I32], "tensor of f64, f32 or i32 values">;
// Transcendental functions, means, normalizations and fused elementwise
// programs compute in f64 and f32 only.
def MathTensor : TensorOf<[F64, F32], "tensor of f64 or f32 values">;
// Parameters that are f32 whatever the computation's type (rope factors).
def F32Tensor : TensorOf<[F32], "tensor of f32 values">;
// Key/value caches: f64 or f32 (exact), or f16 and q8_0 rows written from
// f32 (half or about a quarter of the memory).
def CacheTensor : TensorOf<[F64, F32, F16, Q8_0], "tensor of f64, f32, f16 or q8_0 values">;
// Factorizations and solves are numerically meaningful in f32 and f64 only.
def LinalgTensor : TensorOf<[F64, F32], "tensor of f64 or f32 values">;

// Any number (at least one) of operands satisfying `constraint`. Only the last
// operand of an op may be variadic.
class Variadic<TensorOf c> {
  TensorOf constraint = c;
}

//===----------------------------------------------------------------------===//
// Attributes
//===----------------------------------------------------------------------===//

// `kind` names the C++ AttrKind enumerator the verifier checks against;
// `description` is used in diagnostics and documentation.
class Attr<string attrKind, string desc> {
  string kind = attrKind;
  string description = desc;
}

def I64Attr      : Attr<"Integer", "integer">;
def F64Attr      : Attr<"Float", "number">;
def BoolAttr     : Attr<"Bool", "boolean">;
def I64ArrayAttr : Attr<"IntegerArray", "integer array">;
def DenseAttr    : Attr<"Dense", "number or (nested) array of numbers">;
def StrAttr      : Attr<"String", "string">;

// An optional attribute; `value` is the C++ literal used when it is absent.
class DefaultValued<Attr a, string value> {
  Attr base = a;
  string defaultValue = value;
}

//===----------------------------------------------------------------------===//
// Traits: facts about an op that passes rely on
//===----------------------------------------------------------------------===//

class Trait<string traitName, string doc> {
  string name = traitName;
  string summary = doc;
}

// Result element i depends only on operand element i (after broadcasting).
def Elementwise : Trait<"Elementwise", "computes each result element from the "
                                       "operand elements at the same index">;
// Operands of different shapes broadcast with NumPy's rules.
def Broadcasting : Trait<"Broadcasting", "broadcasts operands with NumPy's rules">;
def Commutative : Trait<"Commutative", "operands may be swapped">;
// The result aliases the operand's bytes with a new type: no data moves.
def ViewLike : Trait<"ViewLike", "reinterprets its operand without moving data">;
// The kernel may write its result over an operand that occupies exactly the
// same bytes (same offset and size): it reads each element before it writes
// the result element at the same position, and nothing after. The memory
// planner reuses an operand's buffer only for these ops, and the plan loader
// refuses any other step whose output shares bytes with an input.
def InPlaceSafe : Trait<"InPlaceSafe", "may write its result over an operand with exactly "
                                       "the same bytes">;
// The result is operand 0 with a part rewritten. The kernel writes only that
// part when the result occupies operand 0's bytes (and copies operand 0 first
// otherwise), so a state tensor can be updated in place: when operand 0 is a
// state read used by nothing else and the result is that state's update, the
// result is the state itself and no copy is made. Operand 0 is the only
// operand the result may share bytes with.
def UpdatesFirstOperand : Trait<"UpdatesFirstOperand", "its result is operand 0 with a part "
                                                       "rewritten, in place when they share bytes">;
// The plan stores the result's bytes (constants, weights in a file): no step
// computes it and the memory planner gives it no arena space.
def StoredData : Trait<"StoredData", "its data is stored with the plan or referenced by it, "
                                     "not computed">;

//===----------------------------------------------------------------------===//
// The op class
//===----------------------------------------------------------------------===//

def ins;
def outs;

// `opName` is the op's mnemonic in .thy text; `opCode` its append-only number.
class Thymos_Op<string opName, int opCode, list<Trait> opTraits = []> {
  string name = opName;
  int encoding = opCode;
  list<Trait> traits = opTraits;
  // One line, no full stop: the op's entry in docs/ops.md.
  string summary = "";
  // Markdown, with an example of the op in .thy text.
  string description = "";
  // Operands (TensorOf / Variadic) and attributes (Attr / DefaultValued).
  dag arguments = (ins);
  dag results = (outs);
  // The C++ function in ir/TypeRules.h that derives the codomain from the
  // domain and attributes (and checks everything in between).
  string typeRule = "";
  // The step's params in plan.bin: what codegen/Lowering.cpp kernelParams()
  // writes from the attributes (negative axes resolved, defaults filled in)
  // and what the op's kernels check at load. docs/ops.md and `thymos-run
  // --dump` show it; "none" for an op that never becomes a step.
  string planParams = "[]";
}
