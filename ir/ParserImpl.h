//===- ParserImpl.h - The .thy parser, shared by its source files -------------===//
//
// Private to ir/: Parser.cpp holds the module, graph and statement grammar,
// ParseLiterals.cpp types, attributes and numbers.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "ir/Diagnostics.h"
#include "ir/Lexer.h"
#include "ir/Module.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

#include <memory>
#include <string>

namespace thymos::ir::detail {


/// Names visible inside one graph body.
struct GraphScope {
  const Module &module;
  Graph *graph;
  llvm::StringMap<Value *> values;
  /// Where each argument or result name is defined; a forward use creates
  /// the Value earlier, at the use.
  llvm::StringMap<llvm::SMLoc> definitions;
  /// Results of statements that failed to parse: uses are not reported again.
  llvm::StringSet<> poisoned;
};

/// The token as quoted in messages: `'foo'`, `end of file`.
std::string describe(const Token &tok);

class Parser {
public:
  Parser(llvm::StringRef buffer, DiagnosticEngine &diag)
      : buffer_(buffer), lexer_(buffer), diag_(diag) {
    tok_ = lexer_.next();
  }

  std::unique_ptr<Module> parseModule();

private:
  // --- Tokens -------------------------------------------------------------
  void consume() {
    prevEnd_ = tok_.spelling.end();
    tok_ = lexer_.next();
  }
  bool consumeIf(TokenKind kind) {
    if (!tok_.is(kind))
      return false;
    consume();
    return true;
  }
  bool fail(llvm::SMLoc loc, const llvm::Twine &message) {
    diag_.error(loc, message);
    return false;
  }
  bool expect(TokenKind kind, llvm::StringRef what) {
    if (consumeIf(kind))
      return true;
    return fail(tok_.loc(), llvm::Twine("expected ") + tokenKindName(kind) + " " + what +
                                ", found " + describe(tok_));
  }
  bool atStatementStart() const {
    return tok_.is(TokenKind::ValueName) || tok_.is(TokenKind::RBrace) ||
           tok_.isKeyword("return") || tok_.isKeyword("update") || tok_.isKeyword("graph") ||
           tok_.isKeyword("state");
  }
  bool startsLine(const Token &tok) const;
  void skipToNextStatement();
  void skipToNextGraph();

  // --- Grammar ------------------------------------------------------------
  bool parseStateDecl(Module &module);
  bool parseGraph(Module &module);
  bool parseStateBindings(GraphScope &scope);
  bool parseUpdate(GraphScope &scope);
  bool parseGraphSignature(GraphScope &scope);
  bool parseStatement(GraphScope &scope);
  bool parseOp(GraphScope &scope);
  bool parseReturn(GraphScope &scope);
  bool parseValueUses(GraphScope &scope, llvm::SmallVectorImpl<Value *> &values,
                      llvm::SmallVectorImpl<llvm::SMLoc> &locs);
  /// Records where `name` is defined; a redefinition error if it already was.
  bool claimName(GraphScope &scope, const Token &name);
  bool defineValue(GraphScope &scope, const Token &name, Value *&out);
  void reportUndefinedValues(GraphScope &scope);
  bool parseType(TensorType &type, llvm::SMLoc &loc);
  bool parseTypeList(llvm::SmallVectorImpl<TensorType> &types,
                     llvm::SmallVectorImpl<llvm::SMLoc> &locs, llvm::StringRef what);
  /// Parses one type and appends it and its location.
  bool appendType(llvm::SmallVectorImpl<TensorType> &types,
                  llvm::SmallVectorImpl<llvm::SMLoc> &locs);
  bool parseResultTypes(llvm::SmallVectorImpl<TensorType> &types,
                        llvm::SmallVectorImpl<llvm::SMLoc> &locs);
  bool parseAttrDict(std::vector<NamedAttribute> &attrs);
  bool parseAttrValue(Attribute &value);
  bool parseArrayLiteral(unsigned depth, llvm::SmallVectorImpl<int64_t> &shape,
                         std::vector<double> &values, bool &integral);
  bool parseNumber(double &value, bool &integral, int64_t *integerValue);

  llvm::StringRef buffer_;
  Lexer lexer_;
  DiagnosticEngine &diag_;
  Token tok_;
  const char *prevEnd_ = nullptr;
};

} // namespace thymos::ir::detail
