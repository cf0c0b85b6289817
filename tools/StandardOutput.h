//===- StandardOutput.h - Write errors on llvm::outs() as diagnostics ---------===//
//
// For the tools that print through LLVM's raw_ostream (thymos-plan, and
// thymosc can use it the same way). llvm::outs() remembers a failed write
// (a full disk, `tool > /dev/full`) and, if the error is still set when the
// program exits, aborts with "IO failure on output stream" and a crash
// report. Calling finishStandardOutput() before every exit turns that into a
// one-line error and exit status 1; checkStandardOutputAtExit() does the same
// for the exits the tool does not control (cl's --help and --version).
//
//   checkStandardOutputAtExit("thymos-plan");      // first thing in main
//   ...
//   return finishStandardOutput("thymos-plan", status);
//
//===----------------------------------------------------------------------===//
#pragma once

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>

namespace thymos::tools {

/// Flushes llvm::outs(); returns `status` when everything written reached
/// its destination, else reports "TOOL: error: cannot write to standard
/// output: REASON", clears the error (so that exit does not abort) and
/// returns 1.
inline int finishStandardOutput(llvm::StringRef tool, int status = 0) {
  llvm::raw_fd_ostream &out = llvm::outs();
  out.flush();
  if (!out.has_error())
    return status;
  std::error_code ec = out.error();
  out.clear_error();
  llvm::WithColor::error(llvm::errs(), tool)
      << "cannot write to standard output: " << ec.message() << "\n";
  return 1;
}

/// Makes every exit, even exit(0) from inside a library, check llvm::outs()
/// as finishStandardOutput() does, and exit 1 on an error. `tool` must live
/// until the program ends (a string literal).
inline void checkStandardOutputAtExit(const char *tool) {
  static const char *name = nullptr;
  name = tool;
  // The streams are constructed first, so that the handler runs before their
  // destructors.
  (void)llvm::outs();
  (void)llvm::errs();
  std::atexit([] {
    if (finishStandardOutput(name, 0) != 0)
      std::_Exit(1);
  });
}

} // namespace thymos::tools
