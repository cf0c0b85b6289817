//===- PlanWriter.cpp - Laying a PlanModel out as plan.bin ----------------------===//

#include "codegen/PlanWriter.h"

#include "runtime/CheckedSize.h"

#include <cstring>

namespace thymos::codegen {

using namespace plan;

namespace {

struct Section {
  SectionKind kind;
  const void *data;
  uint64_t bytes;
  uint64_t count;
};


template <typename T> Section records(SectionKind kind, const std::vector<T> &v) {
  return {kind, v.data(), v.size() * sizeof(T), v.size()};
}

} // namespace

std::vector<unsigned char> writePlan(const PlanModel &model, uint32_t producerVersion) {
  std::vector<Section> sections = {
      {SectionKind::Strings, model.strings.data(), model.strings.size(), model.strings.size()},
      records(SectionKind::Tensors, model.tensors),
      records(SectionKind::Steps, model.steps),
      records(SectionKind::Indices, model.indices),
      records(SectionKind::Params, model.params),
      records(SectionKind::Entries, model.entries),
      {SectionKind::Constants, model.constants.data(), model.constants.size(),
       model.constants.size()},
  };
  // Only plans that use weights in place carry these, so every other plan
  // stays readable by runtimes that predate them.
  if (!model.weights.empty()) {
    sections.push_back(records(SectionKind::WeightFiles, model.weightFiles));
    sections.push_back(records(SectionKind::Weights, model.weights));
  }
  // Likewise, a plan whose regions all live in host memory needs no Regions.
  if (!model.regions.empty())
    sections.push_back(records(SectionKind::Regions, model.regions));
  if (!model.cudaKernels.empty()) {
    sections.push_back(records(SectionKind::CudaKernels, model.cudaKernels));
    sections.push_back(records(SectionKind::CudaImages, model.cudaImages));
    sections.push_back(records(SectionKind::CudaBlobs, model.cudaBlobs));
  }
  // Last, in kind order: a weight file's cheap load-time checks.
  if (!model.weightChecks.empty())
    sections.push_back(records(SectionKind::WeightChecks, model.weightChecks));
  const uint32_t count = static_cast<uint32_t>(sections.size());

  uint64_t offset = alignUp<uint64_t>(sizeof(FileHeader) + count * sizeof(SectionEntry), kAlignment);
  std::vector<SectionEntry> table;
  for (const Section &s : sections) {
    table.push_back({static_cast<uint32_t>(s.kind), crc32(s.data, s.bytes), offset, s.bytes, s.count});
    offset = alignUp(offset + s.bytes, kAlignment);
  }

  std::vector<unsigned char> file(offset, 0);
  for (uint32_t i = 0; i < count; ++i)
    if (sections[i].bytes)
      std::memcpy(file.data() + table[i].offset, sections[i].data, sections[i].bytes);

  FileHeader header{};
  std::memcpy(header.magic, kMagic, sizeof kMagic);
  header.formatVersion = kFormatVersion;
  header.producerVersion = producerVersion;
  header.sectionCount = count;
  header.fileBytes = file.size();
  header.arenaBytes = model.arenaBytes;
  header.stateBytes = model.stateBytes;
  std::memcpy(file.data() + sizeof header, table.data(), count * sizeof(SectionEntry));
  header.headerChecksum = crc32(&header, sizeof header);
  header.headerChecksum = crc32(file.data() + sizeof header, count * sizeof(SectionEntry),
                                header.headerChecksum);
  std::memcpy(file.data(), &header, sizeof header);
  return file;
}

} // namespace thymos::codegen
