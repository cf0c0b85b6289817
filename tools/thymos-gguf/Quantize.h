//===- Quantize.h - `thymos-gguf quantize`: a model in another mix of types -===//
//
// Reads a GGUF model, converts every matrix to the type its scheme gives it
// (QuantMix.h) and writes a new file that llama.cpp loads: the metadata is
// copied, general.file_type names the scheme. Sources may be F32, F16, BF16,
// Q8_0, Q4_0 or a K-quant (requantizing loses what the source lost).
//
//===----------------------------------------------------------------------===//
#pragma once

#include "QuantMix.h"

#include "runtime/Status.h"

#include <string>
#include <vector>

namespace thymos::gguf_tool {

struct QuantizeOptions {
  std::string input, output;
  const QuantScheme *scheme = nullptr;
  unsigned threads = 0; // 0: the hardware's
  bool quiet = false;   // no line per tensor on stderr
};

rt::Status quantizeModel(const QuantizeOptions &options);

/// `thymos-gguf quant-error REFERENCE.gguf OTHER.gguf`: for every matrix of
/// OTHER, the root mean square of its difference from the same tensor of
/// REFERENCE, relative to REFERENCE's RMS, and the total over all weights.
/// Compares two quantizers' files against the model they both started from.
rt::Status printQuantError(const std::string &reference, const std::string &other);

/// The two commands, from their arguments (after the command's name): exit
/// status 0, or 1 after a one-line error on stderr.
int quantizeCommand(const std::vector<std::string> &args);
int quantErrorCommand(const std::vector<std::string> &args);

} // namespace thymos::gguf_tool
