//===- GraphRunner.h - Compiling and running a generated module in-process ---===//
//
// thymos-fit solves LS-SVR in a graph: it writes the training module as .thy
// text, and this file takes it the rest of the way exactly as `thymosc` and
// `thymos-run` would (parse, verify, the CPU pass pipeline, lowering, a plan
// held in memory, then the runtime's C API to bind inputs, run and read the
// outputs), so the numbers the tool embeds are the graph's.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "runtime/Status.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace thymos::ml {

/// A dense f64 tensor passed into or out of a graph.
struct F64Tensor {
  std::vector<int64_t> shape;
  std::vector<double> data;
};

using NamedTensors = std::vector<std::pair<std::string, F64Tensor>>;

/// Parses and verifies `text`; diagnostics (with `name` as the file) go into
/// the status message.
rt::Status verifyModuleText(const std::string &text, const std::string &name);

/// Compiles `text` to plan.bin bytes with the CPU pipeline.
rt::Status compileModuleText(const std::string &text, const std::string &name,
                             std::vector<unsigned char> &plan);

/// Runs `entry` of a compiled plan: binds every input by name, runs once,
/// and returns every output (f64 only) under its value name.
rt::Status runEntry(const std::vector<unsigned char> &plan, const std::string &entry,
                    const NamedTensors &inputs, NamedTensors &outputs, unsigned threads = 1);

} // namespace thymos::ml
