//===- PlanText.cpp - A plan as readable text (--emit=plan-text) ---------------===//

#include "codegen/PlanText.h"

#include "ir/DType.h"
#include "ir/OpInfo.h"

#include <fmt/format.h>

namespace thymos::codegen {

namespace {

const char *storageName(uint8_t storage) {
  switch (static_cast<plan::Storage>(storage)) {
  case plan::Storage::Arena: return "arena";
  case plan::Storage::Constant: return "const";
  case plan::Storage::State: return "state";
  case plan::Storage::Weight: return "file";
  }
  return "?";
}

std::string typeText(const plan::TensorRecord &t) {
  std::string dims;
  for (unsigned i = 0; i < t.rank; ++i)
    dims += (i ? "," : "") + std::to_string(t.dims[i]);
  return fmt::format("{}[{}]", ir::dtypeName(static_cast<ir::DType>(t.dtype)).str(), dims);
}

} // namespace

void printPlanText(const PlanModel &m, llvm::raw_ostream &os) {
  os << fmt::format("plan: format {}, arena {} bytes, state {} bytes, constants {} bytes\n",
                    plan::kFormatVersion, m.arenaBytes, m.stateBytes, m.constants.size());
  os << fmt::format("\ntensors ({}):\n", m.tensors.size());
  for (size_t i = 0; i < m.tensors.size(); ++i) {
    const plan::TensorRecord &t = m.tensors[i];
    os << fmt::format("  t{:<4} %{:<16} {:<20} {:<5} @{:<10} {} bytes\n", i,
                      m.stringAt(t.name), typeText(t), storageName(t.storage), t.offset, t.bytes);
  }
  if (!m.weights.empty()) {
    os << fmt::format("\nweights ({}, used in place):\n", m.weights.size());
    for (size_t i = 0; i < m.weights.size(); ++i) {
      const plan::WeightRecord &w = m.weights[i];
      os << fmt::format("  w{:<4} {} @{} {} bytes, fingerprint {:016x}\n", i,
                        m.stringAt(m.weightFiles[w.file].path), w.offset, w.bytes,
                        w.fingerprint);
    }
  }
  for (const plan::EntryRecord &e : m.entries) {
    auto tensorList = [&](uint32_t start, uint32_t count, unsigned stride = 1) {
      std::string text;
      for (uint32_t k = 0; k < count; ++k)
        text += fmt::format("{}t{}", k ? ", " : "", m.indices[start + k * stride]);
      return text;
    };
    os << fmt::format("\nentry @{} ({} steps, arena {} bytes)\n", m.stringAt(e.name), e.stepCount,
                      e.arenaBytes);
    os << "  inputs:  " << tensorList(e.inputStart, e.inputCount) << "\n";
    for (uint32_t s = e.stepStart; s < e.stepStart + e.stepCount; ++s) {
      const plan::StepRecord &step = m.steps[s];
      std::string params;
      for (uint32_t k = 0; k < step.paramCount; ++k)
        params += fmt::format("{}{}", k ? ", " : "", m.params[step.paramStart + k]);
      os << fmt::format("  {:>4}: t{} = {}({}){}\n", s, step.output,
                        ir::getOpInfo(static_cast<ir::OpKind>(step.opcode)).name,
                        tensorList(step.inputStart, step.inputCount),
                        params.empty() ? "" : " params [" + params + "]");
    }
    os << "  outputs: " << tensorList(e.outputStart, e.outputCount) << "\n";
    for (uint32_t k = 0; k < e.updateCount; ++k)
      os << fmt::format("  update:  t{} <- t{}\n", m.indices[e.updateStart + 2 * k],
                        m.indices[e.updateStart + 2 * k + 1]);
  }
}

} // namespace thymos::codegen
