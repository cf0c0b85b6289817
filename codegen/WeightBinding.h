//===- WeightBinding.h - Checking gguf_tensor ops against their files -------===//
//
// A `gguf_tensor` op names a file and a tensor in it. Lowering opens the file
// with the runtime's validating GGUF reader, checks that the tensor exists
// with the op's element type and shape, and records where its bytes lie and
// their fingerprint; the runtime maps the same file and checks them again.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "codegen/PlanModel.h"
#include "ir/Diagnostics.h"
#include "ir/Operation.h"

#include <map>
#include <memory>
#include <string>
#include <utility>

namespace thymos::gguf {
class File;
}

namespace thymos::codegen {

class WeightBinder {
public:
  /// `sourceDirectory` ("" or ending in '/') resolves relative file names;
  /// `fingerprints`: record every weight's full fingerprint (each weight
  /// file's cheap checks are always recorded).
  WeightBinder(PlanModel &model, DiagnosticEngine &diag, std::string sourceDirectory,
               bool fingerprints);
  ~WeightBinder();

  /// Adds the weight record for `op` (a gguf_tensor) and returns its index
  /// through `index`; false with a diagnostic at the op otherwise.
  bool bind(const ir::Operation &op, uint64_t &index);

private:
  /// The parsed file at `path`, opened once per lowering; null after an error.
  const gguf::File *open(const ir::Operation &op, const std::string &path);

  PlanModel &model_;
  DiagnosticEngine &diag_;
  std::string sourceDirectory_;
  bool fingerprints_;
  std::map<std::string, std::unique_ptr<gguf::File>> files_;
  /// Weight records already made, by (file as named, tensor name): graphs of
  /// one module that use the same tensor (prefill and decode) share it, so
  /// it is fingerprinted and checked once.
  std::map<std::pair<std::string, std::string>, uint64_t> bound_;
};

} // namespace thymos::codegen
