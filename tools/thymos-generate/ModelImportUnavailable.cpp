//===- ModelImportUnavailable.cpp - -m in the runtime-only build -------------===//
//
// The runtime-only build (a board, a cross toolchain) has no compiler: its
// thymos-generate runs plans compiled elsewhere, which are portable.
//
//===----------------------------------------------------------------------===//

#include "ModelPlan.h"

namespace thymos::generate {

rt::Status loadModel(const std::string &ggufPath, int64_t, int64_t, const std::string &, bool,
                     const Budget &, LoadedModel &) {
  return rt::Status::error(
      "-m " + ggufPath +
      ": this thymos-generate is the runtime-only build, which cannot compile a model; "
      "compile it on a machine with the full build (thymos-gguf import MODEL.gguf -o m.thy && "
      "thymosc m.thy -o m.plan) and run it with --plan m.plan");
}

} // namespace thymos::generate
