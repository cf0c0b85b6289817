//===- Lexer.h - Tokens of the .thy language --------------------------------===//
#pragma once

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/SMLoc.h"

#include <string>

namespace thymos::ir {

enum class TokenKind {
  Eof,
  Error,      // a character that starts no token
  BareIdent,  // module, graph, return, true, f32, matmul, axes, inf, ...
  GlobalName, // @predict
  ValueName,  // %x, %0
  Integer,    // 42, -3
  Float,      // 1.5, -2.0e-3, -inf
  String,     // "model.gguf" (the spelling keeps the quotes and escapes)
  BadString,  // a string literal without its closing quote on the same line
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
/// The text of a String token's spelling with its escapes (\" \\ \n \t
/// \xHH) resolved; false with `error` describing the first bad escape and
/// `errorOffset` its offset in the spelling.
bool unescapeString(llvm::StringRef spelling, std::string &out, std::string &error,
                    size_t &errorOffset);

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
