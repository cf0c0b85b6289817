//===- PlanDump.cpp - A loaded plan printed for people -----------------------===//
//
// Plain snprintf into a std::string: the runtime links no formatting library.
// Every index printed here was checked by the loader (runtime/Plan.cpp), so
// the dump trusts the loaded records and re-checks only the section table,
// which it reads from the file bytes.
//
//===----------------------------------------------------------------------===//
#include "runtime/PlanDump.h"

#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <cstring>

namespace thymos::rt {

using namespace plan;

namespace {

void appendf(std::string &out, const char *format, ...) __attribute__((format(printf, 2, 3)));

void appendf(std::string &out, const char *format, ...) {
  char buffer[512];
  va_list args;
  va_start(args, format);
  int n = std::vsnprintf(buffer, sizeof buffer, format, args);
  va_end(args);
  if (n > 0)
    out.append(buffer, std::min(size_t(n), sizeof buffer - 1));
}

const char *sectionName(uint32_t kind) {
  static const char *const kNames[] = {"(unknown)", "Strings",   "Tensors",
                                       "Steps",     "Indices",   "Params",
                                       "Entries",   "Constants", "WeightFiles",
                                       "Weights",   "Regions",   "CudaKernels",
                                       "CudaImages", "CudaBlobs", "WeightChecks"};
  // A section kind added to PlanFormat.h needs its name here.
  static_assert(sizeof kNames / sizeof kNames[0] == kMaxSectionKind + 1);
  return kind <= kMaxSectionKind ? kNames[kind] : kNames[0];
}

const char *storageName(uint8_t storage) {
  switch (static_cast<Storage>(storage)) {
  case Storage::Arena: return "arena";
  case Storage::Constant: return "constant";
  case Storage::State: return "state";
  case Storage::Weight: return "weight";
  }
  return "(unknown)";
}

struct Dumper {
  const Plan &plan;
  std::string &out;

  std::string name(StringRef32 ref) const { return std::string(plan.string(ref)); }

  /// `f32[64,1]`.
  std::string type(uint32_t tensor) const {
    const TensorRecord &t = plan.tensors()[tensor];
    std::string text = std::string(dtypeKindName(static_cast<DType>(t.dtype))) + "[";
    for (uint32_t d = 0; d < t.rank; ++d)
      text += (d ? "," : "") + std::to_string(t.dims[d]);
    return text + "]";
  }

  /// `#4 %y` for a named tensor, `#3` for an unnamed one; `@w` marks state.
  std::string ref(uint32_t tensor) const {
    const TensorRecord &t = plan.tensors()[tensor];
    std::string text = "#" + std::to_string(tensor);
    if (t.name.length)
      text += (t.storage == uint8_t(Storage::State) ? " @" : " %") + name(t.name);
    return text;
  }

  std::string refList(uint32_t start, uint32_t count) const {
    std::string text;
    for (uint32_t k = 0; k < count; ++k)
      text += (k ? ", " : "") + ref(plan.indices()[start + k]);
    return text;
  }

  void header(const unsigned char *table) {
    const FileHeader &h = plan.header();
    appendf(out, "header:\n");
    appendf(out, "  magic THYMPLAN, format version %u, producer %u.%u.%u\n", h.formatVersion,
            h.producerVersion >> 16, (h.producerVersion >> 8) & 0xff, h.producerVersion & 0xff);
    appendf(out, "  file %llu bytes, arena %llu bytes, state %llu bytes, header crc32 0x%08x\n",
            static_cast<unsigned long long>(h.fileBytes),
            static_cast<unsigned long long>(h.arenaBytes),
            static_cast<unsigned long long>(h.stateBytes), h.headerChecksum);
    appendf(out, "sections (%u):\n", h.sectionCount);
    for (uint32_t i = 0; i < h.sectionCount; ++i) {
      SectionEntry s;
      std::memcpy(&s, table + i * sizeof s, sizeof s);
      appendf(out, "  %-11s offset %-8llu bytes %-8llu count %-6llu crc32 0x%08x\n",
              sectionName(s.kind), static_cast<unsigned long long>(s.offset),
              static_cast<unsigned long long>(s.bytes), static_cast<unsigned long long>(s.count),
              s.checksum);
    }
  }

  void tensors() {
    appendf(out, "tensors (%zu):\n", plan.tensors().size());
    for (uint32_t i = 0; i < plan.tensors().size(); ++i) {
      const TensorRecord &t = plan.tensors()[i];
      appendf(out, "  %-16s %-18s %-8s %s %llu, %llu bytes\n", ref(i).c_str(), type(i).c_str(),
              storageName(t.storage),
              t.storage == uint8_t(Storage::Weight) ? "weight" : "offset",
              static_cast<unsigned long long>(t.offset),
              static_cast<unsigned long long>(t.bytes));
    }
  }

  void step(uint32_t index, uint32_t inEntry) {
    const StepRecord &s = plan.steps()[index];
    appendf(out, "    step %u (#%u in the plan): %s %s = %s(%s)", inEntry, index,
            ref(s.output).c_str(), type(s.output).c_str(),
            opKindName(static_cast<OpKind>(s.opcode)), refList(s.inputStart, s.inputCount).c_str());
    if (s.paramCount) {
      out += " params [";
      for (uint32_t k = 0; k < s.paramCount; ++k)
        out += (k ? ", " : "") + std::to_string(plan.params()[s.paramStart + k]);
      out += "]  (";
      out += opKindPlanParams(static_cast<OpKind>(s.opcode));
      out += ")";
    }
    out += "\n";
    if (index < plan.cudaKernels().size()) {
      const CudaKernelRecord &k = plan.cudaKernels()[index];
      appendf(out, "      cuda: %s <<<%llu x %u, %u, %u>>>%s%s\n", name(k.name).c_str(),
              static_cast<unsigned long long>(k.grid), k.gridY, k.block, k.sharedBytes,
              (k.flags & kCudaKernelFaults) ? " faults" : "",
              (k.flags & kCudaKernelGemm) ? " then cuBLAS GEMM" : "");
    }
  }

  void entries() {
    appendf(out, "entries (%zu):\n", plan.entries().size());
    for (const EntryRecord &e : plan.entries()) {
      appendf(out, "  entry @%s: %u steps, arena %llu bytes\n", name(e.name).c_str(), e.stepCount,
              static_cast<unsigned long long>(e.arenaBytes));
      appendf(out, "    inputs:  %s\n", refList(e.inputStart, e.inputCount).c_str());
      appendf(out, "    outputs: %s\n", refList(e.outputStart, e.outputCount).c_str());
      for (uint32_t i = 0; i < e.stepCount; ++i)
        step(e.stepStart + i, i);
      const uint32_t *updates = plan.indices().data() + e.updateStart;
      for (uint32_t k = 0; k < e.updateCount; ++k)
        appendf(out, "    update %s <- %s\n", ref(updates[2 * k]).c_str(),
                ref(updates[2 * k + 1]).c_str());
    }
  }

  void weights() {
    appendf(out, "weight files (%zu):\n", plan.weightFiles().size());
    for (uint32_t i = 0; i < plan.weightFiles().size(); ++i)
      appendf(out, "  file %u: %s\n", i, name(plan.weightFiles()[i].path).c_str());
    appendf(out, "weights (%zu):\n", plan.weights().size());
    for (uint32_t i = 0; i < plan.weights().size(); ++i) {
      const WeightRecord &w = plan.weights()[i];
      appendf(out, "  weight %u: file %u, offset %llu, %llu bytes, fingerprint 0x%016llx\n", i,
              w.file, static_cast<unsigned long long>(w.offset),
              static_cast<unsigned long long>(w.bytes),
              static_cast<unsigned long long>(w.fingerprint));
    }
    for (uint32_t i = 0; i < plan.weightChecks().size(); ++i) {
      const WeightCheckRecord &c = plan.weightChecks()[i];
      appendf(out, "  file %u check: %llu bytes, header 0x%016llx, sampled data 0x%016llx%s\n", i,
              static_cast<unsigned long long>(c.fileBytes),
              static_cast<unsigned long long>(c.headerFingerprint),
              static_cast<unsigned long long>(c.sampleFingerprint),
              (c.flags & kWeightFullFingerprints) ? "" : ", no per-weight fingerprints");
    }
  }
};

} // namespace

Status dumpPlan(const Plan &plan, const void *file, size_t fileBytes, std::string &out) {
  const FileHeader &h = plan.header();
  const auto *bytes = static_cast<const unsigned char *>(file);
  size_t tableEnd = sizeof(FileHeader) + size_t(h.sectionCount) * sizeof(SectionEntry);
  // The loader checked sectionCount <= kMaxSections; these bytes must be the
  // ones it read.
  FileHeader zeroed;
  if (!bytes || fileBytes < tableEnd || fileBytes != h.fileBytes)
    return Status::error("the plan's bytes changed after it was loaded");
  std::memcpy(&zeroed, bytes, sizeof zeroed);
  zeroed.headerChecksum = 0;
  uint32_t crc = crc32(&zeroed, sizeof zeroed);
  crc = crc32(bytes + sizeof(FileHeader), tableEnd - sizeof(FileHeader), crc);
  if (crc != h.headerChecksum)
    return Status::error("the plan's bytes changed after it was loaded");

  Dumper d{plan, out};
  d.header(bytes + sizeof(FileHeader));
  d.tensors();
  d.entries();
  d.weights();
  return Status::success();
}

} // namespace thymos::rt
