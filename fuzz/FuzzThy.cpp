//===- FuzzThy.cpp - Fuzz target: the .thy parser and verifier --------------===//
//
// Any byte string goes through the lexer, parser and verifier. A module that
// verifies is printed, and the printed text must parse and verify again and
// print identically: the printer's output is the IR's canonical form, which
// tests and users feed back to thymosc.
//
//===----------------------------------------------------------------------===//
#include "FuzzSupport.h"

#include "ir/Parser.h"
#include "ir/Printer.h"
#include "passes/Verifier.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

using namespace thymos;

namespace {

/// Parses and verifies `text`; the printed module, or nothing when invalid.
bool parseVerifyPrint(llvm::StringRef text, std::string &printed, std::string &messages) {
  llvm::SourceMgr sourceMgr;
  llvm::raw_string_ostream diagStream(messages);
  DiagnosticEngine diag(sourceMgr, diagStream);
  unsigned id = sourceMgr.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(text, "fuzz.thy"), llvm::SMLoc());
  std::unique_ptr<ir::Module> module = ir::parseModule(id, diag);
  if (!module || !passes::verifyModule(*module, diag))
    return false;
  llvm::raw_string_ostream os(printed);
  ir::printModule(*module, os);
  os.flush();
  return true;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  llvm::StringRef text(reinterpret_cast<const char *>(data), size);
  std::string printed, messages;
  if (!parseVerifyPrint(text, printed, messages))
    return 0;
  std::string reprinted, reMessages;
  if (!parseVerifyPrint(printed, reprinted, reMessages))
    fuzz::fuzzFailure("the printed module does not parse and verify:\n" + printed + "\n" +
                      reMessages);
  if (reprinted != printed)
    fuzz::fuzzFailure("printing is not stable:\n" + printed + "\nthen\n" + reprinted);
  return 0;
}
