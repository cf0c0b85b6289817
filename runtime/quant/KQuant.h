//===- KQuant.h - ggml's K-quant super-block formats -----------------------===//
//
// Byte-exact with ggml: a super-block holds 256 values.
//   Q4_K (144 bytes): f16 d, f16 dmin, 12 bytes of 6-bit scales and mins for
//                     eight sub-blocks of 32, 128 bytes of nibbles;
//                     x = d * scale_j * q - dmin * min_j, q in 0..15.
//   Q5_K (176 bytes): as Q4_K, then 32 bytes of fifth bits before the
//                     nibbles (d, dmin, scales[12], qh[32], qs[128]).
//   Q6_K (210 bytes): ql[128] low nibbles, qh[64] high two bits, 16 int8
//                     scales for sub-blocks of 16, f16 d;
//                     x = d * scale_j * (q - 32), q in 0..63.
//   Q8_K (292 bytes, activations only): f32 d, 256 x int8, 16 int16 sums
//                     of each group of 16 quants.
// Rows are whole numbers of super-blocks: `n` is a multiple of 256.
//
// Dot products follow ggml's: the f32 activations are quantized to Q8_K as
// llama.cpp does on x86 (its reference rules), each super-block's integer
// sums are exact in int32, and only the scaling by d and dmin and the sum over
// super-blocks are in floating point.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "runtime/quant/Quant.h"

#include <cstddef>
#include <cstdint>

namespace thymos::quant {

constexpr int64_t kSuperBlockElems = 256;
constexpr size_t kQ4_KBlockBytes = 144;
constexpr size_t kQ5_KBlockBytes = 176;
constexpr size_t kQ6_KBlockBytes = 210;
constexpr size_t kQ8_KBlockBytes = 292;

/// The three weight formats, for the functions that take any of them.
enum class KFormat { Q4_K, Q5_K, Q6_K };
const char *kFormatName(KFormat format);
size_t kBlockBytes(KFormat format);
/// Bytes of a row of `n` elements (`n` a multiple of 256).
size_t rowBytesK(KFormat format, int64_t n);
size_t rowBytesQ8_K(int64_t n);

/// blocks -> f32, the same bits as ggml's dequantize_row_q*_K.
void dequantizeRowK(KFormat format, const void *blocks, float *y, int64_t n);

/// f32 -> blocks. `importance`, when given, holds n non-negative weights of
/// each element's squared error (an importance matrix), scaled per element
/// by sqrt(2 * mean square of the super-block + x^2) for Q4_K/Q5_K as ggml
/// does; without it a Q4_K/Q5_K element weighs |x| plus the RMS of its
/// sub-block of 32, and a Q6_K element x^2 (ggml's reference quantizers).
/// The search is this project's own (KQuantize.cpp); its error is compared
/// with ggml's reference quantizer in test/quant/KQuantTest.cpp.
void quantizeRowK(KFormat format, const float *x, void *blocks, int64_t n,
                  const float *importance = nullptr);

/// f32 activations -> Q8_K blocks, as llama.cpp quantizes them on x86 (its
/// reference rules): for the element of largest magnitude `max` (the first
/// one, with its sign), iscale = -127 / max, q = round(iscale * x) with
/// halves to even, capped at 127, d = 1 / iscale (an all-zero block stores
/// d = 0 and zero quants); then the 16 sums of each group of 16 quants.
void quantizeActivationsQ8_K(const float *x, void *blocks, int64_t n);
/// The same with the vector code of `isa` where it has one (AVX2 on x86-64):
/// the same bytes on every ISA.
void quantizeActivationsQ8_K(const float *x, void *blocks, int64_t n, Isa isa);

/// Dot product of `n` weights (`format` blocks) with `n` activations already
/// quantized to Q8_K, using `isa` (ISAs without their own code run scalar).
float dotKQ8_K(KFormat format, const void *weights, const void *activations, int64_t n,
               Isa isa);

/// The matmul's inner kernel, a tile of dot products:
///   out[i * outStride + r] = weight row r . activation row i
/// for r < weightRows, i < actRows; rows are `weightRowBytes` and
/// `actRowBytes` apart and hold `n` elements each.
void dotTileKQ8_K(KFormat format, const void *weights, size_t weightRowBytes,
                  int64_t weightRows, const void *activations, size_t actRowBytes,
                  int64_t actRows, int64_t n, float *out, int64_t outStride, Isa isa);

/// Q4_K weight rows four at a time, for the ISAs whose kernels read them so
/// (q4_KRows4Pay()): group g holds rows 4g .. 4g+3, and for each super-block
/// b their four blocks b one after another (4 * 144 bytes), so that a kernel
/// working on four rows reads one stream instead of four. `n` (rows) is a
/// multiple of 4 and k at most kRows4MaxK.
constexpr int64_t kRows4MaxK = 32 * kSuperBlockElems;
void packQ4_KRows4(const void *rows, int64_t n, int64_t k, void *groups);
/// Whether `isa` has a kernel for the four-row layout.
bool q4_KRows4Pay(Isa isa);
/// dotTileKQ8_K() on `groupCount` groups of packQ4_KRows4() (4 * groupCount
/// weight rows of `n` <= kRows4MaxK elements): the same bits.
void dotTileQ4_KRows4(const void *groups, int64_t groupCount, const void *activations,
                      size_t actRowBytes, int64_t actRows, int64_t n, float *out,
                      int64_t outStride, Isa isa);

} // namespace thymos::quant
