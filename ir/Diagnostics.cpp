//===- Diagnostics.cpp - Errors that point at the source --------------------===//

#include "ir/Diagnostics.h"

namespace thymos {

void DiagnosticEngine::print(llvm::SMLoc loc, llvm::SourceMgr::DiagKind kind,
                             const llvm::Twine &message) {
  if (loc.isValid() && sourceMgr_.FindBufferContainingLoc(loc)) {
    sourceMgr_.PrintMessage(os_, loc, kind, message);
    return;
  }
  // No source to point at (IR built in code): the message alone.
  llvm::SMDiagnostic(/*filename=*/"", kind, message.str()).print(nullptr, os_);
}

void DiagnosticEngine::error(llvm::SMLoc loc, const llvm::Twine &message) {
  ++errors_;
  if (silenced_)
    return;
  if (errorLimit_ != 0 && errors_ > errorLimit_) {
    silenced_ = true;
    print(llvm::SMLoc(), llvm::SourceMgr::DK_Error,
          "too many errors emitted, stopping now (the limit is " + llvm::Twine(errorLimit_) +
              "; --error-limit=0 prints all)");
    return;
  }
  print(loc, llvm::SourceMgr::DK_Error, message);
}

void DiagnosticEngine::warning(llvm::SMLoc loc, const llvm::Twine &message) {
  if (!silenced_)
    print(loc, llvm::SourceMgr::DK_Warning, message);
}

void DiagnosticEngine::note(llvm::SMLoc loc, const llvm::Twine &message) {
  if (!silenced_)
    print(loc, llvm::SourceMgr::DK_Note, message);
}

} // namespace thymos
