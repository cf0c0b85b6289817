//===- Json.h - thymos-run's results and plan listing as JSON -----------------===//
//
// The --json forms of the printout and of --list. Numbers use the shortest
// text that reads back to the same value; nan and infinities, which JSON has
// no numbers for, are the strings "nan", "inf" and "-inf".
//
//===----------------------------------------------------------------------===//
#pragma once

#include "runtime/Plan.h"
#include "runtime/Tensor.h"

#include <string>

namespace thymos::run {

/// Tensors with more elements than this print "values": null.
inline constexpr int64_t kJsonMaxElements = 100000;

/// `"text"` with JSON escapes.
std::string jsonString(std::string_view text);

/// {"name": ..., "dtype": ..., "shape": [...], "values": nested arrays}; the
/// values are null for f16, bf16 and quantized types and past
/// kJsonMaxElements elements.
std::string jsonTensor(const std::string &name, const rt::TensorView &t);

/// --list --json: {"entries": [{"name", "steps", "inputs", "outputs"}],
/// "states": [...]}, each tensor as {"name", "dtype", "shape"}.
std::string jsonListing(const rt::Plan &plan);

} // namespace thymos::run
