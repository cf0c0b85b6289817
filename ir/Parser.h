//===- Parser.h - .thy text to a Module -------------------------------------===//
//
// The grammar is documented (EBNF) in docs/ir.md. The parser checks syntax and
// name resolution; everything about types is the verifier's job. It recovers
// at statement boundaries, so one run reports every syntax error of a file.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "ir/Diagnostics.h"
#include "ir/Module.h"

#include <memory>

namespace thymos::ir {

/// Parses buffer `bufferId` of the engine's SourceMgr; null after any error
/// (all of them reported through `diag`).
std::unique_ptr<Module> parseModule(unsigned bufferId, DiagnosticEngine &diag);

/// Reads `path` ("-" for stdin) into the engine's SourceMgr and parses it.
/// A file that cannot be read is reported as an error.
std::unique_ptr<Module> parseModuleFile(llvm::StringRef path, DiagnosticEngine &diag);

} // namespace thymos::ir
