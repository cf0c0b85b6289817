//===- Lexer.h - Tokens of the .thy language --------------------------------===//
#pragma once

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/SMLoc.h"

namespace thymos::ir {

enum class TokenKind {
  Eof,
  Error,      // a character that starts no token
  BareIdent,  // module, graph, return, true, f32, matmul, axes, inf, ...
  GlobalName, // @predict
  ValueName,  // %x, %0
  Integer,    // 42, -3
  Float,      // 1.5, -2.0e-3, -inf
  LParen, RParen, LBrace, RBrace, LSquare, RSquare,
  Comma, Colon, Equal, Arrow,
};

struct Token {
  TokenKind kind = TokenKind::Eof;
  llvm::StringRef spelling;

  llvm::SMLoc loc() const { return llvm::SMLoc::getFromPointer(spelling.data()); }
  bool is(TokenKind k) const { return kind == k; }
  bool isKeyword(llvm::StringRef word) const { return kind == TokenKind::BareIdent && spelling == word; }
  /// The name without its sigil: "x" for %x.
  llvm::StringRef nameWithoutSigil() const { return spelling.drop_front(); }
};

/// Splits a buffer into tokens; `//` comments and whitespace are skipped.
class Lexer {
public:
  explicit Lexer(llvm::StringRef buffer) : cur_(buffer.begin()), end_(buffer.end()) {}

  Token next();

private:
  Token make(TokenKind kind, const char *start) {
    return {kind, llvm::StringRef(start, static_cast<size_t>(cur_ - start))};
  }
  Token lexNumber(const char *start);
  Token lexName(const char *start, TokenKind kind);
  void skipWhitespaceAndComments();

  const char *cur_;
  const char *end_;
};

/// Human-readable name of a token kind, for "expected X" messages.
const char *tokenKindName(TokenKind kind);

} // namespace thymos::ir
