//===- Quant.h - ggml's Q8_0 and Q4_0 block formats ------------------------===//
//
// Byte-exact with ggml: a block holds 32 values.
//   Q8_0 (34 bytes): fp16 scale d, then 32 x int8 q;       x = d * q
//   Q4_0 (18 bytes): fp16 scale d, then 16 bytes of nibbles; x = d * (q - 8),
//                    the low nibble of byte j is element j, the high nibble
//                    element j + 16.
// Rows are whole numbers of blocks: `n` is a multiple of 32 everywhere here.
//
// Dot products follow ggml: the f32 activations are quantized to Q8_0, each
// block's integer dot product is exact in int32, and only the per-block
// scaling and the sum over blocks are in floating point.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <cstddef>
#include <cstdint>

namespace thymos::quant {

constexpr int64_t kBlockElems = 32;
constexpr size_t kQ8_0BlockBytes = 34;
constexpr size_t kQ4_0BlockBytes = 18;

/// IEEE half precision, round-to-nearest-even (as the F16C instructions do).
uint16_t floatToHalf(float value);
float halfToFloat(uint16_t half);
/// The same over n values, eight at a time with F16C where the CPU has it:
/// the same bits, except that a NaN's payload may differ (F16C quiets a
/// signaling one).
void floatsToHalves(const float *x, uint16_t *h, int64_t n);
void halvesToFloats(const uint16_t *h, float *y, int64_t n);

/// f32 -> blocks, with ggml's reference rounding rules.
void quantizeRowQ8_0(const float *x, void *blocks, int64_t n);
void quantizeRowQ4_0(const float *x, void *blocks, int64_t n);
/// f32 activations -> Q8_0 blocks for a quantized dot product, as llama.cpp
/// quantizes them at run time (not its reference rules above): on x86 the
/// multiplier is 127 / amax and halves round to even (its AVX2 code); on
/// AArch64 the multiplier is 1 / d and halves round to even (its NEON code).
/// The scale stored is amax / 127 either way. Matching these bits matters:
/// one activation rounded the other way moves a logit by ~1e-3 of its scale.
void quantizeActivationsQ8_0(const float *x, void *blocks, int64_t n);
/// blocks -> f32.
void dequantizeRowQ8_0(const void *blocks, float *y, int64_t n);
void dequantizeRowQ4_0(const void *blocks, float *y, int64_t n);

/// Bytes of a row of `n` elements.
size_t rowBytesQ8_0(int64_t n);
size_t rowBytesQ4_0(int64_t n);

/// Which implementation the dot products use. On x86-64, Avx512Vnni and
/// AvxVnni are AVX2 plus vpdpbusd (EVEX on 256-bit registers, or VEX).
enum class Isa { Scalar, Avx2, Neon, Avx512Vnni, AvxVnni };
/// The best one this CPU supports (CPUID on x86-64), unless overridden by the
/// environment variable THYMOS_QUANT_ISA=scalar|avx2|avx512vnni|avxvnni|neon.
/// Read once per process; a name this CPU cannot run is ignored.
Isa activeIsa();
const char *isaName(Isa isa);
/// Whether this build and CPU can run `isa`. The functions below run an
/// unsupported `isa` as Isa::Scalar.
bool isaSupported(Isa isa);
/// quantizeActivationsQ8_0() with the vector code of `isa` where it has one:
/// the same bits on every ISA of one architecture.
void quantizeActivationsQ8_0(const float *x, void *blocks, int64_t n, Isa isa);

/// Dot product of `n` weights in `weights` (Q8_0 or Q4_0 blocks) with `n`
/// activations already quantized to Q8_0 (`activations`), using `isa`.
float dotQ8_0Q8_0(const void *weights, const void *activations, int64_t n, Isa isa);
float dotQ4_0Q8_0(const void *weights, const void *activations, int64_t n, Isa isa);

/// The matmul's inner kernel, a tile of dot products:
///   out[i * outStride + r] = weight row r . activation row i
/// for r < weightRows, i < actRows; rows are `weightRowBytes` and
/// `actRowBytes` apart and hold `n` elements each. `actSums`, when given,
/// holds activationSumsQ8_0() of the activation rows (row i's n / 32 sums
/// at actSums + i * n / 32): with it a Q4_0 tile of many activation rows
/// may take a faster path. The results are the same bits either way.
void dotTileQ8_0Q8_0(const void *weights, size_t weightRowBytes, int64_t weightRows,
                     const void *activations, size_t actRowBytes, int64_t actRows, int64_t n,
                     float *out, int64_t outStride, Isa isa, const int32_t *actSums = nullptr);
void dotTileQ4_0Q8_0(const void *weights, size_t weightRowBytes, int64_t weightRows,
                     const void *activations, size_t actRowBytes, int64_t actRows, int64_t n,
                     float *out, int64_t outStride, Isa isa, const int32_t *actSums = nullptr);
/// The sum of each Q8_0 block's 32 quants, for `n` elements of `blocks`.
void activationSumsQ8_0(const void *blocks, int64_t n, int32_t *sums);

/// Q4_0 weight rows in groups of eight, for the ISAs whose kernels read
/// them that way (q4_0GroupsPay). Group g holds rows 8g .. 8g+7; for each
/// block b of the row length, 144 bytes (as many as the eight row blocks):
///   the eight rows' f16 scales (16 bytes), then four 32-byte words t = 0..3
///   whose 4-byte lane r is bytes 4t .. 4t+3 of row r's 16 nibble bytes,
/// so one vector instruction reaches one quad of elements of all eight rows
/// and no horizontal sums are needed. `n` (rows) is a multiple of 8.
inline constexpr size_t kQ4_0GroupBlockBytes = 8 * kQ4_0BlockBytes;
void packQ4_0Groups(const void *rows, int64_t n, int64_t k, void *groups);
/// Whether `isa` has kernels for the grouped layout.
bool q4_0GroupsPay(Isa isa);
/// dotTileQ4_0Q8_0() on `groups` groups of packQ4_0Groups() (8 * groups
/// weight rows), with the activation sums required: the same bits.
void dotTileQ4_0Groups(const void *groups, int64_t groupCount, const void *activations,
                       size_t actRowBytes, int64_t actRows, int64_t n, float *out,
                       int64_t outStride, Isa isa, const int32_t *actSums);

/// Q8_0 rows the same way: for each block, the eight f16 scales (16 bytes),
/// then eight 32-byte words t = 0..7 whose lane r is row r's quants
/// 4t .. 4t+3. The kernels keep DotScalar.cpp's eight f32 lanes per output
/// (one vector per quad t, lane r for row r) and its final sum order: the
/// same bits as the row-major tiles.
inline constexpr size_t kQ8_0GroupBlockBytes = 8 * kQ8_0BlockBytes;
void packQ8_0Groups(const void *rows, int64_t n, int64_t k, void *groups);
bool q8_0GroupsPay(Isa isa);
void dotTileQ8_0Groups(const void *groups, int64_t groupCount, const void *activations,
                       size_t actRowBytes, int64_t actRows, int64_t n, float *out,
                       int64_t outStride, Isa isa);

/// The per-block integer dot products behind the two functions above (one
/// int32 per block, written to `sums`): every ISA must produce the same
/// values bit for bit.
void blockSumsQ8_0Q8_0(const void *weights, const void *activations, int64_t n, Isa isa,
                       int32_t *sums);
void blockSumsQ4_0Q8_0(const void *weights, const void *activations, int64_t n, Isa isa,
                       int32_t *sums);

} // namespace thymos::quant
