//===- Lexer.cpp - Tokens of the .thy language ------------------------------===//

#include "ir/Lexer.h"

#include <cctype>

namespace thymos::ir {

namespace {
bool isIdentStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool isIdentChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.';
}
bool isDigit(char c) { return c >= '0' && c <= '9'; }
} // namespace

void Lexer::skipWhitespaceAndComments() {
  while (cur_ != end_) {
    if (*cur_ == ' ' || *cur_ == '\t' || *cur_ == '\n' || *cur_ == '\r') {
      ++cur_;
    } else if (*cur_ == '/' && cur_ + 1 != end_ && cur_[1] == '/') {
      while (cur_ != end_ && *cur_ != '\n')
        ++cur_;
    } else {
      return;
    }
  }
}

Token Lexer::lexNumber(const char *start) {
  // `start` is at a digit or at the '-' before one.
  if (*cur_ == '-')
    ++cur_;
  while (cur_ != end_ && isDigit(*cur_))
    ++cur_;
  bool isFloat = false;
  if (cur_ != end_ && *cur_ == '.' && cur_ + 1 != end_ && isDigit(cur_[1])) {
    isFloat = true;
    ++cur_;
    while (cur_ != end_ && isDigit(*cur_))
      ++cur_;
  }
  if (cur_ != end_ && (*cur_ == 'e' || *cur_ == 'E')) {
    const char *exp = cur_ + 1;
    if (exp != end_ && (*exp == '+' || *exp == '-'))
      ++exp;
    if (exp != end_ && isDigit(*exp)) {
      isFloat = true;
      cur_ = exp;
      while (cur_ != end_ && isDigit(*cur_))
        ++cur_;
    }
  }
  return make(isFloat ? TokenKind::Float : TokenKind::Integer, start);
}

Token Lexer::lexName(const char *start, TokenKind kind) {
  while (cur_ != end_ && isIdentChar(*cur_))
    ++cur_;
  if (cur_ == start + 1) // a sigil alone
    return make(TokenKind::Error, start);
  return make(kind, start);
}

Token Lexer::next() {
  skipWhitespaceAndComments();
  const char *start = cur_;
  if (cur_ == end_)
    return make(TokenKind::Eof, start);
  char c = *cur_++;
  switch (c) {
  case '(': return make(TokenKind::LParen, start);
  case ')': return make(TokenKind::RParen, start);
  case '{': return make(TokenKind::LBrace, start);
  case '}': return make(TokenKind::RBrace, start);
  case '[': return make(TokenKind::LSquare, start);
  case ']': return make(TokenKind::RSquare, start);
  case ',': return make(TokenKind::Comma, start);
  case ':': return make(TokenKind::Colon, start);
  case '=': return make(TokenKind::Equal, start);
  case '"':
    // Escapes are checked by unescapeString(); here only where the literal
    // ends matters, so a backslash skips the character after it.
    while (cur_ != end_ && *cur_ != '"' && *cur_ != '\n') {
      if (*cur_ == '\\' && cur_ + 1 != end_ && cur_[1] != '\n')
        ++cur_;
      ++cur_;
    }
    if (cur_ == end_ || *cur_ != '"')
      return make(TokenKind::BadString, start);
    ++cur_;
    return make(TokenKind::String, start);
  case '@': return lexName(start, TokenKind::GlobalName);
  case '%': return lexName(start, TokenKind::ValueName);
  case '-':
    if (cur_ != end_ && *cur_ == '>') {
      ++cur_;
      return make(TokenKind::Arrow, start);
    }
    if (cur_ != end_ && isDigit(*cur_)) {
      cur_ = start;
      return lexNumber(start);
    }
    if (end_ - cur_ >= 3 && llvm::StringRef(cur_, 3) == "inf" &&
        (cur_ + 3 == end_ || !isIdentChar(cur_[3]))) {
      cur_ += 3;
      return make(TokenKind::Float, start);
    }
    return make(TokenKind::Error, start);
  default:
    break;
  }
  if (isDigit(c)) {
    cur_ = start;
    return lexNumber(start);
  }
  if (isIdentStart(c)) {
    while (cur_ != end_ && (std::isalnum(static_cast<unsigned char>(*cur_)) || *cur_ == '_'))
      ++cur_;
    return make(TokenKind::BareIdent, start);
  }
  return make(TokenKind::Error, start);
}

bool unescapeString(llvm::StringRef spelling, std::string &out, std::string &error,
                    size_t &errorOffset) {
  auto hexValue = [](char c) -> int {
    if (c >= '0' && c <= '9')
      return c - '0';
    if (c >= 'a' && c <= 'f')
      return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
      return c - 'A' + 10;
    return -1;
  };
  out.clear();
  // The spelling is `"..."`: skip the quotes.
  for (size_t i = 1; i + 1 < spelling.size(); ++i) {
    char c = spelling[i];
    if (c != '\\') {
      out += c;
      continue;
    }
    errorOffset = i;
    char e = i + 2 < spelling.size() ? spelling[i + 1] : '\0';
    switch (e) {
    case '"': case '\\': out += e; ++i; continue;
    case 'n': out += '\n'; ++i; continue;
    case 't': out += '\t'; ++i; continue;
    case 'x': {
      int hi = i + 3 < spelling.size() ? hexValue(spelling[i + 2]) : -1;
      int lo = i + 4 < spelling.size() ? hexValue(spelling[i + 3]) : -1;
      if (hi < 0 || lo < 0) {
        error = "'\\x' in a string needs two hex digits";
        return false;
      }
      out += static_cast<char>(hi * 16 + lo);
      i += 3;
      continue;
    }
    default:
      error = std::string("unknown escape '\\") + (e ? std::string(1, e) : "") +
              "' in a string (use \\\", \\\\, \\n, \\t or \\xHH)";
      return false;
    }
  }
  return true;
}

const char *tokenKindName(TokenKind kind) {
  switch (kind) {
  case TokenKind::Eof: return "end of file";
  case TokenKind::Error: return "invalid character";
  case TokenKind::BareIdent: return "identifier";
  case TokenKind::GlobalName: return "'@name'";
  case TokenKind::ValueName: return "value name ('%name')";
  case TokenKind::Integer: return "integer";
  case TokenKind::Float: return "number";
  case TokenKind::String: return "string";
  case TokenKind::BadString: return "unterminated string (a '\"' is missing on this line)";
  case TokenKind::LParen: return "'('";
  case TokenKind::RParen: return "')'";
  case TokenKind::LBrace: return "'{'";
  case TokenKind::RBrace: return "'}'";
  case TokenKind::LSquare: return "'['";
  case TokenKind::RSquare: return "']'";
  case TokenKind::Comma: return "','";
  case TokenKind::Colon: return "':'";
  case TokenKind::Equal: return "'='";
  case TokenKind::Arrow: return "'->'";
  }
  return "token";
}

} // namespace thymos::ir
