//===- PlanFixtures.cpp - Example plans and tools to edit them --------------===//

#include "PlanFixtures.h"

#include "codegen/Compiler.h"
#include "codegen/PlanWriter.h"
#include "ir/Parser.h"
#include "runtime/PlanDump.h"
#include "runtime/cpu/BlockCodec.h"

#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <map>

namespace thymos::test {

using namespace plan;

std::vector<std::string> exampleFiles() {
  namespace fs = std::filesystem;
  std::vector<std::string> files;
  const fs::path root(THYMOS_EXAMPLES_DIR);
  for (const fs::directory_entry &e : fs::recursive_directory_iterator(root))
    if (e.is_regular_file() && e.path().extension() == ".thy") {
      std::string relative = fs::relative(e.path(), root).generic_string();
      // examples/gguf/ binds the weights of a model that its run.sh writes
      // first; the main job and test/lit/gguf-weights compile and run those.
      if (relative.rfind("gguf/", 0) != 0)
        files.push_back(relative);
    }
  std::sort(files.begin(), files.end());
  return files;
}

std::string examplePath(const std::string &relative) {
  return std::string(THYMOS_EXAMPLES_DIR) + "/" + relative;
}

namespace {

/// Verifies and lowers what `parse` returns; the diagnostics go to INFO.
template <typename Parse>
bool compileWith(const std::string &name, codegen::PlanModel &model, Parse parse) {
  std::string diagnostics;
  llvm::raw_string_ostream os(diagnostics);
  // The module points into the SourceMgr's buffers: both live until lowered.
  llvm::SourceMgr sourceMgr;
  DiagnosticEngine diag(sourceMgr, os);
  std::unique_ptr<ir::Module> module = parse(sourceMgr, diag);
  // No pipeline: every op becomes a step of its own, so the corruption tests
  // reach every kernel.
  codegen::CompileOptions options;
  options.pipeline = "";
  codegen::Compilation compiled;
  bool ok = module && codegen::compileModule(*module, diag, options, compiled);
  if (ok)
    model = std::move(compiled.model);
  os.flush();
  INFO(name << ":\n" << diagnostics);
  CHECK(ok);
  return ok;
}

} // namespace

bool compileExample(const std::string &relative, codegen::PlanModel &model) {
  return compileWith(relative, model, [&](llvm::SourceMgr &, DiagnosticEngine &diag) {
    return ir::parseModuleFile(examplePath(relative), diag);
  });
}

rt::Status loadPlanModel(const codegen::PlanModel &model, const std::string &name,
                         std::unique_ptr<rt::Plan> &plan) {
  std::vector<unsigned char> bytes = codegen::writePlan(model, packVersion(0, 1, 0));
  return rt::Plan::loadFromMemory(bytes.data(), bytes.size(), name, plan);
}

void placeOnCudaDevice(codegen::PlanModel &model) {
  for (plan::Storage s : {plan::Storage::Arena, plan::Storage::State}) {
    plan::RegionRecord r{};
    r.storage = static_cast<uint8_t>(s);
    r.memorySpace = static_cast<uint32_t>(plan::MemorySpace::CudaDevice);
    model.regions.push_back(r);
  }
}

bool compileSource(const std::string &name, const std::string &text, codegen::PlanModel &model) {
  return compileWith(name, model, [&](llvm::SourceMgr &sourceMgr, DiagnosticEngine &diag) {
    unsigned id = sourceMgr.AddNewSourceBuffer(llvm::MemoryBuffer::getMemBufferCopy(text, name),
                                               llvm::SMLoc());
    return ir::parseModule(id, diag);
  });
}

const std::vector<unsigned char> &examplePlan(const std::string &relative) {
  // Compiling is the slow part of the corruption tests; do it once per file.
  static std::map<std::string, std::vector<unsigned char>> cache;
  auto it = cache.find(relative);
  if (it != cache.end())
    return it->second;
  codegen::PlanModel model;
  REQUIRE(compileExample(relative, model));
  return cache[relative] = codegen::writePlan(model, packVersion(0, 1, 0));
}

bool unsupportedByKernels(const rt::Status &loaded) {
  return !loaded.ok() &&
         loaded.message().find("not supported by the CPU kernels yet") != std::string::npos;
}

// --- Deterministic input data ------------------------------------------------

namespace {

/// splitmix64: a fixed, well-mixed sequence without <random>'s
/// implementation-defined distributions.
uint64_t mix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

/// A value in [0.1, 0.9] for element `i` of tensor `tensor`.
double unitValue(uint32_t tensor, uint64_t i) {
  return 0.1 + 0.8 * double(mix(uint64_t(tensor) << 40 ^ i) >> 11) / double(1ull << 53);
}

/// IEEE binary16 bits of a normal float (the only ones used here).
uint16_t halfBits(float f) {
  uint32_t b;
  std::memcpy(&b, &f, 4);
  uint32_t exp = ((b >> 23) & 0xff) - 127 + 15;
  return static_cast<uint16_t>((b >> 16 & 0x8000) | exp << 10 | (b >> 13 & 0x3ff));
}

uint16_t bfloatBits(float f) {
  uint32_t b;
  std::memcpy(&b, &f, 4);
  return static_cast<uint16_t>(b >> 16);
}

void fillTensor(const rt::Plan &plan, uint32_t index, const rt::TensorView &view) {
  const TensorRecord &t = plan.tensors()[index];
  auto *p = static_cast<unsigned char *>(view.data);
  const uint64_t bytes = t.bytes;
  std::string_view name = plan.string(t.name);
  if (name == "reg" && view.rank == 2 && view.dims[0] == view.dims[1] &&
      (view.dtype == rt::DType::F64 || view.dtype == rt::DType::F32)) {
    std::memset(p, 0, bytes);
    for (int64_t i = 0; i < view.dims[0]; ++i) {
      if (view.dtype == rt::DType::F64)
        view.as<double>()[i * view.dims[0] + i] = 1.0;
      else
        view.as<float>()[i * view.dims[0] + i] = 1.0f;
    }
    return;
  }
  switch (view.dtype) {
  case rt::DType::F64:
    for (uint64_t i = 0; i < bytes / 8; ++i)
      view.as<double>()[i] = unitValue(index, i);
    return;
  case rt::DType::F32:
    for (uint64_t i = 0; i < bytes / 4; ++i)
      view.as<float>()[i] = float(unitValue(index, i));
    return;
  case rt::DType::F16:
  case rt::DType::BF16:
    for (uint64_t i = 0; i < bytes / 2; ++i) {
      float f = float(unitValue(index, i));
      uint16_t h = view.dtype == rt::DType::F16 ? halfBits(f) : bfloatBits(f);
      std::memcpy(p + 2 * i, &h, 2);
    }
    return;
  case rt::DType::I32:
    // Small indices: valid for any gather over an axis of at least 4.
    for (uint64_t i = 0; i < bytes / 4; ++i)
      view.as<int32_t>()[i] = int32_t(mix(index + i) % 4);
    return;
  case rt::DType::I8:
    for (uint64_t i = 0; i < bytes; ++i)
      p[i] = static_cast<unsigned char>(mix(index + i) % 7);
    return;
  case rt::DType::Q8_0:
  case rt::DType::Q4_0: {
    // ggml blocks: an fp16 scale, then the quantized values.
    const rt::DTypeLayout &layout = rt::kDTypeLayouts[unsigned(view.dtype)];
    for (uint64_t b = 0; b + layout.blockBytes <= bytes; b += layout.blockBytes) {
      uint16_t scale = halfBits(0.01f);
      std::memcpy(p + b, &scale, 2);
      for (unsigned k = 2; k < layout.blockBytes; ++k)
        p[b + k] = static_cast<unsigned char>(mix(index ^ (b + k)));
    }
    return;
  }
  case rt::DType::Q4_K:
  case rt::DType::Q5_K:
  case rt::DType::Q6_K: {
    // Their sub-block scales are quantized too: quantize small values.
    const rt::BlockCodec &codec = *rt::blockCodec(view.dtype);
    std::vector<float> values(static_cast<size_t>(codec.blockElems));
    for (uint64_t b = 0; b + codec.blockBytes <= bytes; b += codec.blockBytes) {
      for (size_t k = 0; k < values.size(); ++k)
        values[k] = 0.01f * float(unitValue(index, b + k));
      codec.quantize(values.data(), p + b, codec.blockElems);
    }
    return;
  }
  }
  std::memset(p, 0, bytes);
}

} // namespace

void fillEntryInputs(rt::Executor &executor, uint32_t entry) {
  const rt::Plan &plan = executor.plan();
  const EntryRecord &e = plan.entries()[entry];
  const uint32_t *inputs = executor.entryInputs(entry);
  for (uint32_t k = 0; k < e.inputCount; ++k)
    fillTensor(plan, inputs[k], executor.view(inputs[k]));
}

// --- Editing plan bytes --------------------------------------------------------

PlanBytes::PlanBytes(std::vector<unsigned char> bytes) : bytes_(std::move(bytes)) {}

SectionEntry PlanBytes::section(uint32_t i) const {
  return get<SectionEntry>(sizeof(FileHeader) + uint64_t(i) * sizeof(SectionEntry));
}

void PlanBytes::setSection(uint32_t i, const SectionEntry &s) {
  put(sizeof(FileHeader) + uint64_t(i) * sizeof(SectionEntry), s);
}

int PlanBytes::findSection(SectionKind kind) const {
  for (uint32_t i = 0; i < header().sectionCount; ++i)
    if (section(i).kind == uint32_t(kind))
      return int(i);
  return -1;
}

uint64_t PlanBytes::count(SectionKind kind) const {
  int i = findSection(kind);
  return i < 0 ? 0 : section(uint32_t(i)).count;
}

uint64_t PlanBytes::recordOffset(SectionKind kind, uint64_t i, size_t size) const {
  int s = findSection(kind);
  REQUIRE(s >= 0);
  SectionEntry entry = section(uint32_t(s));
  REQUIRE((i + 1) * size <= entry.bytes);
  return entry.offset + i * size;
}

void PlanBytes::reseal() {
  FileHeader h = header();
  // A truncated file may hold only part of the table: reseal what is there.
  uint64_t tableInFile = (bytes_.size() - sizeof(FileHeader)) / sizeof(SectionEntry);
  for (uint32_t i = 0; i < h.sectionCount && i < tableInFile; ++i) {
    SectionEntry s = section(i);
    if (s.offset <= bytes_.size() && s.bytes <= bytes_.size() - s.offset) {
      s.checksum = crc32(bytes_.data() + s.offset, s.bytes);
      setSection(i, s);
    }
  }
  h.headerChecksum = 0;
  uint32_t crc = crc32(&h, sizeof h);
  uint64_t tableBytes = uint64_t(h.sectionCount) * sizeof(SectionEntry);
  if (sizeof(FileHeader) + tableBytes <= bytes_.size())
    crc = crc32(bytes_.data() + sizeof(FileHeader), tableBytes, crc);
  h.headerChecksum = crc;
  setHeader(h);
}

// --- Running untrusted plans ---------------------------------------------------

namespace {
std::string oneLineProblem(const std::string &what, const std::string &message) {
  if (message.empty())
    return what + " failed with an empty message";
  if (message.find('\n') != std::string::npos)
    return what + " failed with a message of several lines: " + message;
  return {};
}
} // namespace

Outcome loadAndRunUntrusted(const std::vector<unsigned char> &bytes, const std::string &label) {
  Outcome out;
  std::unique_ptr<rt::Plan> plan;
  if (rt::Status s = rt::Plan::loadFromMemory(bytes.data(), bytes.size(), label, plan); !s) {
    out.problem = oneLineProblem("loading", s.message());
    return out;
  }
  out.loaded = true;
  // Any plan that loads can be dumped (thymos-run --dump), without a read
  // out of bounds.
  std::string dump;
  if (rt::Status s = rt::dumpPlan(*plan, bytes.data(), bytes.size(), dump); !s) {
    out.problem = "dumping: " + s.message();
    return out;
  }
  std::unique_ptr<rt::Executor> executor;
  if (rt::Status s = rt::Executor::create(*plan, nullptr, executor); !s) {
    out.problem = oneLineProblem("creating the executor", s.message());
    return out;
  }
  for (uint32_t e = 0; e < plan->entries().size(); ++e) {
    fillEntryInputs(*executor, e);
    if (rt::Status s = executor->run(e); !s) {
      out.problem = oneLineProblem("running entry " + std::to_string(e), s.message());
      if (!out.problem.empty())
        return out;
    }
  }
  return out;
}

} // namespace thymos::test
