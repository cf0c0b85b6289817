//===- Clone.h - Deep copies of modules -------------------------------------===//
//
// A pipeline rewrites the module it is given. Callers that must keep their
// module as it was (the C API, whose users hold handles to its values) run
// the pipeline on a copy made here: same states, graphs, ops, attributes,
// types and source locations, with every value remapped to the copy's own.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "ir/Module.h"

#include <memory>

namespace thymos::ir {

/// A copy of `module` that shares nothing with it. Every value must be
/// defined (a verified module always is).
std::unique_ptr<Module> cloneModule(const Module &module);

} // namespace thymos::ir
