//===- PlanFixtures.h - Example plans and tools to edit them ----------------===//
//
// The runtime tests work on real plans: the examples/ models, compiled the
// way thymosc compiles them. PlanBytes lets a test rewrite any record of a
// plan.bin and reseal it (section CRCs and the header checksum recomputed),
// so that a malformed record reaches the validator instead of stopping at a
// checksum mismatch.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "codegen/PlanModel.h"
#include "runtime/Executor.h"

#include <cstring>
#include <string>
#include <vector>

namespace thymos::test {

/// Every .thy file under examples/, recursively, sorted; paths relative to it.
std::vector<std::string> exampleFiles();
std::string examplePath(const std::string &relative);

/// Parses, verifies and lowers an example (alignment 64, as thymosc does).
/// Fails the current test when any stage reports an error.
bool compileExample(const std::string &relative, codegen::PlanModel &model);
/// Parses, verifies and lowers `text` (a whole .thy module) as compileExample
/// does; `name` is used in diagnostics.
bool compileSource(const std::string &name, const std::string &text, codegen::PlanModel &model);
/// Writes `model` as plan.bin bytes and loads them from memory; `name`
/// starts the loader's messages ("cuda.plan: ...").
rt::Status loadPlanModel(const codegen::PlanModel &model, const std::string &name,
                         std::unique_ptr<rt::Plan> &plan);
/// Puts the model's arena and state in CUDA device memory (Regions).
void placeOnCudaDevice(codegen::PlanModel &model);
/// The plan.bin bytes of an example, compiled once and cached.
const std::vector<unsigned char> &examplePlan(const std::string &relative);

/// True when `loaded` failed only because the CPU kernels do not support a
/// type yet (block-quantized matmul and gather at the time of writing); the
/// tests that need such a plan to load skip it with a visible message.
bool unsupportedByKernels(const rt::Status &loaded);

/// Fills every input of `entry` with deterministic values that keep the
/// examples' math finite: floats in [0.1, 0.9] (so logs, divisions and
/// normal equations stay defined), small integers (valid gather indices),
/// quantized blocks with a small scale. A square input named "reg" gets an
/// identity, which keeps LS-SVR's K + reg positive definite.
void fillEntryInputs(rt::Executor &executor, uint32_t entry);

/// A plan.bin held as bytes, with typed access to its records.
class PlanBytes {
public:
  explicit PlanBytes(std::vector<unsigned char> bytes);

  plan::FileHeader header() const { return get<plan::FileHeader>(0); }
  void setHeader(const plan::FileHeader &h) { put(0, h); }
  plan::SectionEntry section(uint32_t i) const;
  void setSection(uint32_t i, const plan::SectionEntry &s);
  /// Index of the section table entry of `kind`, or -1.
  int findSection(plan::SectionKind kind) const;

  /// Number of records of `kind`, and record `i` (T must match the kind).
  uint64_t count(plan::SectionKind kind) const;
  template <typename T> T record(plan::SectionKind kind, uint64_t i) const {
    return get<T>(recordOffset(kind, i, sizeof(T)));
  }
  template <typename T> void setRecord(plan::SectionKind kind, uint64_t i, const T &value) {
    put(recordOffset(kind, i, sizeof(T)), value);
  }

  /// Recomputes every section's CRC and then the header checksum.
  void reseal();
  const std::vector<unsigned char> &bytes() const { return bytes_; }

private:
  uint64_t recordOffset(plan::SectionKind kind, uint64_t i, size_t size) const;
  template <typename T> T get(uint64_t offset) const {
    T v;
    std::memcpy(&v, bytes_.data() + offset, sizeof v);
    return v;
  }
  template <typename T> void put(uint64_t offset, const T &v) {
    std::memcpy(bytes_.data() + offset, &v, sizeof v);
  }

  std::vector<unsigned char> bytes_;
};

/// What happened to one variant of a plan.
struct Outcome {
  bool loaded = false;
  std::string problem; // empty when the variant was handled correctly
};

/// Loads `bytes`; on failure the message must be one non-empty line. On
/// success creates an executor, fills the inputs and runs every entry (run
/// errors are fine: the point is that nothing crashes or reads out of bounds).
Outcome loadAndRunUntrusted(const std::vector<unsigned char> &bytes, const std::string &label);

} // namespace thymos::test
