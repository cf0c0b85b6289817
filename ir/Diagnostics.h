//===- Diagnostics.h - Errors that point at the source ----------------------===//
//
// Every problem with user input is reported through a DiagnosticEngine:
// `file:line:col: error: message`, the source line and a caret, printed by
// llvm::SourceMgr. A location from IR built in code (invalid SMLoc) prints the
// message alone. Like a C compiler, it stops printing after an error limit.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "llvm/ADT/Twine.h"
#include "llvm/Support/SMLoc.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

namespace thymos {

class DiagnosticEngine {
public:
  explicit DiagnosticEngine(llvm::SourceMgr &sourceMgr, llvm::raw_ostream &os = llvm::errs())
      : sourceMgr_(sourceMgr), os_(os) {}

  void error(llvm::SMLoc loc, const llvm::Twine &message);
  void warning(llvm::SMLoc loc, const llvm::Twine &message);
  void note(llvm::SMLoc loc, const llvm::Twine &message);

  /// Print at most `limit` errors (0: all); past it one line says so and
  /// later errors, warnings and notes are counted but not printed.
  void setErrorLimit(unsigned limit) { errorLimit_ = limit; }

  unsigned errorCount() const { return errors_; }
  bool hadErrors() const { return errors_ != 0; }

  llvm::SourceMgr &sourceMgr() { return sourceMgr_; }

private:
  void print(llvm::SMLoc loc, llvm::SourceMgr::DiagKind kind, const llvm::Twine &message);

  llvm::SourceMgr &sourceMgr_;
  llvm::raw_ostream &os_;
  unsigned errors_ = 0;
  unsigned errorLimit_ = 0;
  bool silenced_ = false;
};

} // namespace thymos
