//===- PlanFormat.h - The plan.bin format: the compiler/runtime contract -----===//
//
// The one header both sides include: codegen/ writes these records, runtime/
// reads and validates them. The normative description is docs/plan-format.md.
//
// Layout (little-endian; every offset counts from the start of the file):
//   FileHeader                      64 bytes
//   SectionEntry[sectionCount]      32 bytes each
//   sections                        each at a 64-byte aligned offset
// Record sections hold arrays of the fixed-size records below; the Constants
// section holds raw tensor data, each tensor at a 64-byte aligned offset, so
// an mmapped plan can be used in place.
//
// Numbers in this file reach files on disk: append only, never renumber.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <cstddef>
#include <cstdint>

namespace thymos::plan {

inline constexpr char kMagic[8] = {'T', 'H', 'Y', 'M', 'P', 'L', 'A', 'N'};
inline constexpr uint32_t kFormatVersion = 1;
inline constexpr uint64_t kAlignment = 64;
inline constexpr uint32_t kMaxSections = 16;
/// Limits of the format that the compiler checks too (passes/Verifier.cpp,
/// ir/TensorType.h), so that it never writes a plan the loader refuses.
inline constexpr uint32_t kMaxRank = 8;
/// Operands of one step (a `concat` has any number).
inline constexpr uint32_t kMaxStepInputs = 64;
/// The largest head dimension `attention` accepts: its kernel keeps one
/// head's accumulator (binary64) on the stack.
inline constexpr int64_t kMaxAttentionHeadDim = 1024;

enum class SectionKind : uint32_t {
  Strings = 1,   // bytes; names are (offset, length) pairs into it
  Tensors = 2,   // TensorRecord[]
  Steps = 3,     // StepRecord[]
  Indices = 4,   // uint32_t[]: step inputs, entry inputs/outputs/updates
  Params = 5,    // int64_t[]: step attributes (layout per op: runtime/cpu/Kernels.h)
  Entries = 6,   // EntryRecord[]
  Constants = 7, // raw, 64-byte aligned tensor data
  WeightFiles = 8, // WeightFileRecord[]: files whose tensors the plan uses in place
  Weights = 9,     // WeightRecord[]: one per tensor of Storage::Weight
  Regions = 10,    // RegionRecord[]: where a storage region's bytes live (absent: host)
  CudaKernels = 11, // CudaKernelRecord[]: one per step, for plans in CUDA device memory
  CudaImages = 12,  // CudaImageRecord[]: the kernels' source, PTX and cubins
  CudaBlobs = 13,   // bytes: what CudaImageRecords point into
  WeightChecks = 14, // WeightCheckRecord[]: one per weight file, checked at load
};
inline constexpr uint32_t kMaxSectionKind = 14;

/// Where a tensor's bytes live.
enum class Storage : uint8_t {
  Arena = 0,    // offset into the arena shared by all entries (inputs, intermediates, outputs)
  Constant = 1, // offset into the Constants section
  State = 2,    // offset into the state buffer, which persists across runs
  Weight = 3,   // `offset` is the index of its WeightRecord: bytes of a mapped file
};

/// The memory a storage region lives in, which decides the backend that runs
/// the plan's steps (runtime/Backend.h). A region without a RegionRecord is
/// in host memory.
enum class MemorySpace : uint32_t {
  Host = 0,       // ordinary process memory: the CPU backend
  CudaDevice = 1, // memory of a CUDA device: the CUDA backend (runtime/cuda/)
};
inline constexpr uint32_t kNumMemorySpaces = 2;

struct FileHeader {
  char magic[8];
  uint32_t formatVersion;
  uint32_t producerVersion; // major << 16 | minor << 8 | patch
  uint32_t sectionCount;
  uint32_t headerChecksum; // CRC-32 of the header (this field as 0) and the section table
  uint64_t fileBytes;
  uint64_t arenaBytes; // the largest arena any entry needs
  uint64_t stateBytes;
  uint8_t reserved[16];
};
static_assert(sizeof(FileHeader) == 64);

struct SectionEntry {
  uint32_t kind; // SectionKind
  uint32_t checksum; // CRC-32 of the section's bytes
  uint64_t offset;
  uint64_t bytes;
  uint64_t count; // records (or bytes, for Strings and Constants)
};
static_assert(sizeof(SectionEntry) == 32);

struct StringRef32 {
  uint32_t offset;
  uint32_t length;
};

struct TensorRecord {
  StringRef32 name; // may be empty
  uint8_t dtype;    // DType code (ir/OpBase.td)
  uint8_t rank;
  uint8_t storage;  // Storage
  uint8_t reserved0;
  uint32_t reserved1;
  int64_t dims[kMaxRank]; // unused entries are 0
  uint64_t offset;        // in the region `storage` names
  uint64_t bytes;         // storage size: must equal what dtype and dims imply
};
static_assert(sizeof(TensorRecord) == 96);

/// A file of weights, by the path the module named it with; a relative path
/// is resolved against the plan file's directory.
struct WeightFileRecord {
  StringRef32 path;
  uint64_t reserved;
};
static_assert(sizeof(WeightFileRecord) == 16);

/// Where a Storage::Weight tensor lies in its file, and what it held when the
/// plan was compiled.
struct WeightRecord {
  uint32_t file; // index into WeightFiles
  uint32_t reserved;
  uint64_t offset;      // from the start of the file
  uint64_t bytes;       // equals the tensor record's bytes
  uint64_t fingerprint; // fingerprint64 (runtime/Fingerprint.h) of those bytes
};
static_assert(sizeof(WeightRecord) == 32);

/// What a weight file held when the plan was compiled, in a form that is
/// cheap to check at load (runtime/Fingerprint.h: sampledFingerprint): its
/// size, a fingerprint of everything before its tensor data (header,
/// metadata, tensor table) and one of sampled windows of the data.
struct WeightCheckRecord {
  uint64_t fileBytes;
  uint64_t headerFingerprint; // fingerprint64 of bytes [0, the GGUF data offset)
  uint64_t sampleFingerprint; // sampledFingerprint of the data
  uint32_t flags;             // WeightCheckFlags
  uint32_t reserved;
};
static_assert(sizeof(WeightCheckRecord) == 32);

enum WeightCheckFlags : uint32_t {
  /// The file's WeightRecords carry full fingerprints (absent for plans
  /// compiled in process from the file they map: thymos-generate -m).
  kWeightFullFingerprints = 1,
};

/// Where the bytes of one storage region live; at most one record per region.
struct RegionRecord {
  uint8_t storage; // Storage
  uint8_t reserved0;
  uint16_t reserved1;
  uint32_t memorySpace; // MemorySpace
  uint64_t reserved2;
};
static_assert(sizeof(RegionRecord) == 16);

/// How step `step` is launched on a CUDA device: kernel `name` of the plan's
/// module, a grid of grid x gridY blocks of `block` threads.
struct CudaKernelRecord {
  uint32_t step;
  StringRef32 name;
  uint32_t flags; // CudaKernelFlags
  uint32_t block;
  uint32_t gridY;
  uint32_t sharedBytes; // dynamic shared memory
  uint64_t grid;
};
static_assert(sizeof(CudaKernelRecord) == 40);

enum CudaKernelFlags : uint32_t {
  /// The kernel takes the fault words after its output (codegen/cuda/KernelWriter.h).
  kCudaKernelFaults = 1,
  /// A matmul step run by cuBLAS (runtime/cuda/GemmOperands.h): the kernel is
  /// its prologue, taking the GEMM scratch buffer after its output.
  kCudaKernelGemm = 2,
};

enum class CudaImageKind : uint32_t {
  Source = 0, // CUDA C for NVRTC (arch 0): what a driver older than the toolkit falls back to
  Ptx = 1,    // PTX for compute_<arch>
  Cubin = 2,  // ELF for sm_<arch>
};

/// One compiled (or source) form of the plan's CUDA module, in CudaBlobs.
struct CudaImageRecord {
  uint32_t kind; // CudaImageKind
  uint32_t arch; // 87 for sm_87 / compute_87; 0 for the source
  uint64_t offset;
  uint64_t bytes;
};
static_assert(sizeof(CudaImageRecord) == 24);

/// Bounds the loader enforces on launch records (every CUDA device of
/// compute capability 7.5 or later allows them).
inline constexpr uint32_t kCudaMaxBlock = 1024;
inline constexpr uint32_t kCudaMaxGridY = 65535;
inline constexpr uint64_t kCudaMaxGrid = 0x7fffffff;
inline constexpr uint32_t kCudaMaxSharedBytes = 48 * 1024;

struct StepRecord {
  uint16_t opcode; // OpKind code (ir/Ops.td)
  uint16_t reserved;
  uint32_t inputStart; // into Indices
  uint32_t inputCount;
  uint32_t output;     // tensor index
  uint32_t paramStart; // into Params
  uint32_t paramCount;
};
static_assert(sizeof(StepRecord) == 24);

struct EntryRecord {
  StringRef32 name;
  uint32_t stepStart;
  uint32_t stepCount;
  uint32_t inputStart; // into Indices: the graph's arguments, in order
  uint32_t inputCount;
  uint32_t outputStart; // into Indices: the returned tensors, in order
  uint32_t outputCount;
  // into Indices: (state tensor, new value tensor) pairs, applied after the
  // last step, so every read of the state in this run sees the old value.
  uint32_t updateStart;
  uint32_t updateCount; // pairs
  uint64_t arenaBytes;  // what this entry uses of the arena
};
static_assert(sizeof(EntryRecord) == 48);

inline uint32_t packVersion(uint32_t major, uint32_t minor, uint32_t patch) {
  return major << 16 | minor << 8 | patch;
}

/// CRC-32 (IEEE 802.3, as zlib computes it), continuing from `crc`.
uint32_t crc32(const void *data, size_t bytes, uint32_t crc = 0);

} // namespace thymos::plan
