//===- Plan.cpp - Loading plan.bin: the file structure -------------------------===//
//
// Header, section table, checksums and record arrays. The meaning of the
// records (indices, offsets, shapes, kernels) is checked in PlanValidation.cpp.
//
//===----------------------------------------------------------------------===//

#include "runtime/Plan.h"

#include "runtime/CheckedSize.h"
#include "runtime/MappedFile.h"
#include "runtime/PlanValidation.h"

#include <cstring>

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
              "plan files are little-endian; a big-endian host needs byte swapping");

namespace thymos::rt {

using namespace plan;

namespace {


const char *sectionName(uint32_t kind) {
  switch (static_cast<SectionKind>(kind)) {
  case SectionKind::Strings: return "strings";
  case SectionKind::Tensors: return "tensors";
  case SectionKind::Steps: return "steps";
  case SectionKind::Indices: return "indices";
  case SectionKind::Params: return "params";
  case SectionKind::Entries: return "entries";
  case SectionKind::Constants: return "constants";
  case SectionKind::WeightFiles: return "weight files";
  case SectionKind::Weights: return "weights";
  case SectionKind::Regions: return "regions";
  case SectionKind::CudaKernels: return "CUDA kernels";
  case SectionKind::CudaImages: return "CUDA images";
  case SectionKind::CudaBlobs: return "CUDA blobs";
  case SectionKind::WeightChecks: return "weight checks";
  }
  return nullptr;
}

/// Record size of a record section, or 1 for byte sections.
uint64_t recordBytes(SectionKind kind) {
  switch (kind) {
  case SectionKind::Tensors: return sizeof(TensorRecord);
  case SectionKind::Steps: return sizeof(StepRecord);
  case SectionKind::Indices: return sizeof(uint32_t);
  case SectionKind::Params: return sizeof(int64_t);
  case SectionKind::Entries: return sizeof(EntryRecord);
  case SectionKind::WeightFiles: return sizeof(WeightFileRecord);
  case SectionKind::Weights: return sizeof(WeightRecord);
  case SectionKind::Regions: return sizeof(RegionRecord);
  case SectionKind::CudaKernels: return sizeof(CudaKernelRecord);
  case SectionKind::CudaImages: return sizeof(CudaImageRecord);
  case SectionKind::WeightChecks: return sizeof(WeightCheckRecord);
  case SectionKind::CudaBlobs:
  case SectionKind::Strings:
  case SectionKind::Constants: return 1;
  }
  return 1;
}

template <typename T>
void copyRecords(const unsigned char *file, const SectionEntry &s, std::vector<T> &out) {
  out.resize(s.count);
  if (s.count)
    std::memcpy(out.data(), file + s.offset, s.count * sizeof(T));
}

} // namespace

Plan::~Plan() = default;

Status Plan::load(const std::string &path, std::unique_ptr<Plan> &out,
                  const LoadOptions &options) {
  std::unique_ptr<MappedFile> file;
  if (Status s = MappedFile::open(path, file); !s)
    return s;
  std::unique_ptr<Plan> plan(new Plan());
  plan->mapping_ = std::move(file);
  plan->path_ = path;
  plan->options_ = options;
  // Weight files named by relative paths sit beside the plan.
  size_t slash = path.rfind('/');
  std::string directory = slash == std::string::npos ? "" : path.substr(0, slash + 1);
  if (Status s = plan->parse(plan->mapping_->data(), plan->mapping_->size(), path, directory); !s)
    return s;
  out = std::move(plan);
  return Status::success();
}

Status Plan::loadFromMemory(const void *bytes, size_t size, const std::string &name,
                            std::unique_ptr<Plan> &out, const LoadOptions &options) {
  std::unique_ptr<Plan> plan(new Plan());
  plan->options_ = options;
  // Over-allocate so the copy starts on a 64-byte boundary, as a mapping would.
  plan->ownedBytes_.resize(size + kAlignment);
  auto address = reinterpret_cast<uintptr_t>(plan->ownedBytes_.data());
  size_t shift = (kAlignment - address % kAlignment) % kAlignment;
  unsigned char *copy = plan->ownedBytes_.data() + shift;
  if (size)
    std::memcpy(copy, bytes, size);
  if (Status s = plan->parse(copy, size, name, options.weightsDirectory); !s)
    return s;
  out = std::move(plan);
  return Status::success();
}

Status Plan::loadBorrowed(const void *bytes, size_t size, const std::string &name,
                          std::unique_ptr<Plan> &out, const LoadOptions &options) {
  if (reinterpret_cast<uintptr_t>(bytes) % kAlignment != 0)
    return Status::error(name + ": the plan's bytes are not " + std::to_string(kAlignment) +
                         "-byte aligned");
  std::unique_ptr<Plan> plan(new Plan());
  plan->options_ = options;
  if (Status s = plan->parse(static_cast<const unsigned char *>(bytes), size, name,
                             options.weightsDirectory);
      !s)
    return s;
  out = std::move(plan);
  return Status::success();
}

Status Plan::parse(const unsigned char *file, size_t size, const std::string &name,
                   const std::string &weightsDirectory) {
  auto fail = [&](const std::string &message) { return Status::error(name + ": " + message); };
  if (size < sizeof(FileHeader))
    return fail("truncated: " + std::to_string(size) + " bytes, smaller than the " +
                std::to_string(sizeof(FileHeader)) + "-byte header");
  std::memcpy(&header_, file, sizeof header_);
  if (std::memcmp(header_.magic, kMagic, sizeof kMagic) != 0)
    return fail("not a Thymos plan (bad magic)");
  if (header_.formatVersion != kFormatVersion)
    return fail("plan format version " + std::to_string(header_.formatVersion) +
                ", but this runtime reads version " + std::to_string(kFormatVersion));
  if (header_.fileBytes != size)
    return fail("the header says " + std::to_string(header_.fileBytes) + " bytes but the file has " +
                std::to_string(size) + " (truncated or extended)");
  if (header_.sectionCount > kMaxSections)
    return fail(std::to_string(header_.sectionCount) + " sections, more than the maximum " +
                std::to_string(kMaxSections));
  uint64_t tableEnd = sizeof(FileHeader) + uint64_t(header_.sectionCount) * sizeof(SectionEntry);
  if (tableEnd > size)
    return fail("truncated inside the section table");

  FileHeader zeroed = header_;
  zeroed.headerChecksum = 0;
  uint32_t crc = crc32(&zeroed, sizeof zeroed);
  crc = crc32(file + sizeof(FileHeader), tableEnd - sizeof(FileHeader), crc);
  if (crc != header_.headerChecksum)
    return fail("header checksum mismatch (the header or section table is corrupted)");

  SectionEntry sections[kMaxSectionKind + 1] = {};
  bool present[kMaxSectionKind + 1] = {};
  for (uint32_t i = 0; i < header_.sectionCount; ++i) {
    SectionEntry s;
    std::memcpy(&s, file + sizeof(FileHeader) + i * sizeof(SectionEntry), sizeof s);
    const char *sname = sectionName(s.kind);
    if (!sname)
      return fail("section #" + std::to_string(i) + " has unknown kind " + std::to_string(s.kind));
    std::string what = std::string(sname) + " section: ";
    if (present[s.kind])
      return fail(what + "appears twice");
    uint64_t end;
    if (s.offset % kAlignment != 0 || s.offset < tableEnd || !checkedAdd(s.offset, s.bytes, end) ||
        end > size)
      return fail(what + "bytes [" + std::to_string(s.offset) + ", +" + std::to_string(s.bytes) +
                  ") are misaligned or outside the file");
    uint64_t expectedBytes;
    if (!checkedMul<uint64_t>(s.count, recordBytes(static_cast<SectionKind>(s.kind)),
                              expectedBytes) ||
        expectedBytes != s.bytes)
      return fail(what + std::to_string(s.count) + " records do not fill " +
                  std::to_string(s.bytes) + " bytes");
    if (crc32(file + s.offset, s.bytes) != s.checksum)
      return fail(what + "checksum mismatch (corrupted data)");
    present[s.kind] = true;
    sections[s.kind] = s;
  }

  auto section = [&](SectionKind k) -> const SectionEntry & {
    return sections[static_cast<uint32_t>(k)];
  };
  const SectionEntry &strings = section(SectionKind::Strings);
  strings_.assign(reinterpret_cast<const char *>(file + strings.offset), strings.bytes);
  copyRecords(file, section(SectionKind::Tensors), tensors_);
  copyRecords(file, section(SectionKind::Steps), steps_);
  copyRecords(file, section(SectionKind::Indices), indices_);
  copyRecords(file, section(SectionKind::Params), params_);
  copyRecords(file, section(SectionKind::Entries), entries_);
  copyRecords(file, section(SectionKind::WeightFiles), weightFiles_);
  copyRecords(file, section(SectionKind::Weights), weights_);
  copyRecords(file, section(SectionKind::WeightChecks), weightChecks_);
  copyRecords(file, section(SectionKind::Regions), regions_);
  copyRecords(file, section(SectionKind::CudaKernels), cudaKernels_);
  copyRecords(file, section(SectionKind::CudaImages), cudaImages_);
  cudaBlobs_ = file + section(SectionKind::CudaBlobs).offset;
  cudaBlobsBytes_ = section(SectionKind::CudaBlobs).bytes;
  constants_ = file + section(SectionKind::Constants).offset;
  constantsBytes_ = section(SectionKind::Constants).bytes;

  if (Status s = validatePlanRecords(*this, constantsBytes_, backend_); !s)
    return fail(s.message());
  if (Status s = mapWeights(weightsDirectory); !s)
    return fail(s.message());
  return Status::success();
}

std::string_view Plan::string(StringRef32 ref) const {
  // Validation guarantees the range is inside the strings section.
  return std::string_view(strings_).substr(ref.offset, ref.length);
}

TensorView Plan::typeOf(uint32_t tensor) const {
  const TensorRecord &t = tensors_[tensor];
  TensorView view;
  view.dtype = static_cast<DType>(t.dtype);
  view.rank = t.rank;
  for (uint32_t i = 0; i < t.rank && i < kMaxRank; ++i)
    view.dims[i] = t.dims[i];
  return view;
}

int Plan::findEntry(std::string_view name) const {
  for (size_t i = 0; i < entries_.size(); ++i)
    if (string(entries_[i].name) == name)
      return static_cast<int>(i);
  return -1;
}

} // namespace thymos::rt
