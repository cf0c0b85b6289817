//===- FusionBench.cpp - Unfused vs fused plans of one graph ----------------===//
//
//   thymos-fusion-bench NAME UNFUSED.plan FUSED.plan [RUNS]
//
// Prints one markdown table row: steps, bytes moved by elementwise steps (the
// sum over those steps of input and output bytes: what a step that streams
// its operands reads and writes), and the median time of RUNS runs of the
// first entry, each for the plan without and with fuse-elementwise, with the
// ratio fused / unfused. Both plans get the same pseudo-random inputs, and
// their outputs must agree bit for bit (exit status 1 otherwise).
//
//===----------------------------------------------------------------------===//

#include "runtime/Executor.h"
#include "runtime/Plan.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

using namespace thymos::rt;

namespace {

/// Elementwise arithmetic and cast (op codes 4-18), and fused (31): the steps
/// whose cost is streaming their operands through memory.
bool isElementwiseStep(uint16_t opcode) {
  return (opcode >= uint16_t(OpKind::Add) && opcode <= uint16_t(OpKind::Cast)) ||
         opcode == uint16_t(OpKind::Fused);
}

struct Measurement {
  size_t steps = 0;
  uint64_t elementwiseBytes = 0;
  double medianMs = 0;
  std::vector<std::vector<unsigned char>> outputs;
};

/// Same values for both plans: a fixed sequence in [-1, 1).
void fillInput(const TensorView &v) {
  uint64_t state = 0x9E3779B97F4A7C15ull;
  for (int64_t i = 0; i < v.numElements(); ++i) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    double x = double(state >> 11) / double(1ull << 53) * 2.0 - 1.0;
    if (v.dtype == DType::F32)
      v.as<float>()[i] = static_cast<float>(x);
    else if (v.dtype == DType::F64)
      v.as<double>()[i] = x;
  }
}

bool measure(const char *path, int runs, Measurement &m) {
  std::unique_ptr<Plan> plan;
  std::unique_ptr<Executor> exec;
  Status s = Plan::load(path, plan);
  if (s.ok())
    s = Executor::create(*plan, nullptr, exec);
  if (!s.ok()) {
    std::fprintf(stderr, "thymos-fusion-bench: %s\n", s.message().c_str());
    return false;
  }
  const thymos::plan::EntryRecord &entry = plan->entries()[0];
  m.steps = entry.stepCount;
  for (uint32_t i = 0; i < entry.stepCount; ++i) {
    const thymos::plan::StepRecord &step = plan->steps()[entry.stepStart + i];
    if (!isElementwiseStep(step.opcode))
      continue;
    for (uint32_t k = 0; k < step.inputCount; ++k)
      m.elementwiseBytes += plan->tensors()[plan->indices()[step.inputStart + k]].bytes;
    m.elementwiseBytes += plan->tensors()[step.output].bytes;
  }
  for (uint32_t i = 0; i < entry.inputCount; ++i)
    fillInput(exec->view(exec->entryInputs(0)[i]));
  std::vector<double> times;
  for (int r = 0; r <= runs; ++r) { // run 0 warms caches and pages
    auto start = std::chrono::steady_clock::now();
    if (Status rs = exec->run(0); !rs.ok()) {
      std::fprintf(stderr, "thymos-fusion-bench: %s\n", rs.message().c_str());
      return false;
    }
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                    .count();
    if (r > 0)
      times.push_back(ms);
  }
  std::sort(times.begin(), times.end());
  m.medianMs = times[times.size() / 2];
  for (uint32_t i = 0; i < entry.outputCount; ++i) {
    const TensorView &v = exec->view(exec->entryOutputs(0)[i]);
    const auto *bytes = static_cast<const unsigned char *>(v.data);
    m.outputs.emplace_back(bytes, bytes + v.numElements() * elementBytes(v.dtype));
  }
  return true;
}

} // namespace

int main(int argc, char **argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: thymos-fusion-bench NAME UNFUSED.plan FUSED.plan [RUNS]\n");
    return 2;
  }
  int runs = argc > 4 ? std::max(1, std::atoi(argv[4])) : 9;
  Measurement unfused, fused;
  if (!measure(argv[2], runs, unfused) || !measure(argv[3], runs, fused))
    return 1;
  bool same = unfused.outputs == fused.outputs;
  std::printf("| %s | %zu | %zu | %.2f | %.2f | %.2f | %.3f | %.3f | %.2f | %s |\n", argv[1],
              unfused.steps, fused.steps, unfused.elementwiseBytes / 1048576.0,
              fused.elementwiseBytes / 1048576.0,
              double(fused.elementwiseBytes) / double(unfused.elementwiseBytes), unfused.medianMs,
              fused.medianMs, fused.medianMs / unfused.medianMs, same ? "yes" : "NO");
  return same ? 0 : 1;
}
