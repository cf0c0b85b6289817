//===- Parser.cpp - .thy text to a Module -----------------------------------===//

#include "ir/Parser.h"

#include "ir/Lexer.h"
#include "ir/TypeRules.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/MemoryBuffer.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace thymos::ir {

namespace {

/// Integers in arrays are stored as doubles, which hold them exactly up to 2^53.
constexpr int64_t kMaxExactInteger = int64_t(1) << 53;

/// Names visible inside one graph body.
struct GraphScope {
  Graph *graph;
  llvm::StringMap<Value *> values;
  /// Where each argument or result name is defined; a forward use creates
  /// the Value earlier, at the use.
  llvm::StringMap<llvm::SMLoc> definitions;
  /// Results of statements that failed to parse: uses are not reported again.
  llvm::StringSet<> poisoned;
};

std::string describe(const Token &tok) {
  if (tok.is(TokenKind::Eof))
    return "end of file";
  std::string text = tok.is(TokenKind::Error) ? "invalid character '" : "'";
  for (char c : tok.spelling.take_front(24)) {
    if (c >= 0x20 && c < 0x7f)
      text += c;
    else
      text += fmt::format("\\x{:02x}", static_cast<unsigned char>(c));
  }
  return text + "'";
}

std::string dtypeNamesForMessage() {
  std::string names;
  for (unsigned i = 0; i < kNumDTypes; ++i)
    names += std::string(i ? (i + 1 == kNumDTypes ? " or " : ", ") : "") +
             getDTypeInfo(static_cast<DType>(i)).name;
  return names;
}

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
           tok_.isKeyword("return") || tok_.isKeyword("graph");
  }
  bool startsLine(const Token &tok) const;
  void skipToNextStatement();
  void skipToNextGraph();

  // --- Grammar ------------------------------------------------------------
  bool parseGraph(Module &module);
  bool parseGraphSignature(GraphScope &scope);
  bool parseStatement(GraphScope &scope);
  bool parseOp(GraphScope &scope);
  bool parseReturn(GraphScope &scope);
  bool parseValueUses(GraphScope &scope, llvm::SmallVectorImpl<Value *> &values,
                      llvm::SmallVectorImpl<llvm::SMLoc> &locs);
  bool defineValue(GraphScope &scope, const Token &name, Value *&out);
  void reportUndefinedValues(GraphScope &scope);
  bool parseType(TensorType &type, llvm::SMLoc &loc);
  bool parseTypeList(llvm::SmallVectorImpl<TensorType> &types,
                     llvm::SmallVectorImpl<llvm::SMLoc> &locs, llvm::StringRef what);
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

bool Parser::startsLine(const Token &tok) const {
  llvm::StringRef before = buffer_.take_front(static_cast<size_t>(tok.spelling.data() -
                                                                  buffer_.begin()));
  return before.substr(before.rfind('\n') + 1).trim(" \t\r").empty();
}

void Parser::skipToNextStatement() {
  // A statement ends at the end of the line its last good token is on; the
  // next one starts a later line (a '%name' inside a line is an operand).
  const char *from = prevEnd_ ? prevEnd_ : buffer_.begin();
  size_t newline = buffer_.find('\n', static_cast<size_t>(from - buffer_.begin()));
  const char *lineEnd = newline == llvm::StringRef::npos ? buffer_.end() : buffer_.begin() + newline;
  while (!tok_.is(TokenKind::Eof)) {
    if (tok_.spelling.data() > lineEnd && atStatementStart() && startsLine(tok_))
      return;
    consume();
  }
}

void Parser::skipToNextGraph() {
  while (!tok_.is(TokenKind::Eof) && !tok_.isKeyword("graph"))
    consume();
}

std::unique_ptr<Module> Parser::parseModule() {
  if (!tok_.isKeyword("module"))
    return fail(tok_.loc(), "expected 'module @name' at the start of the file, found " +
                                describe(tok_)),
           nullptr;
  consume();
  if (!tok_.is(TokenKind::GlobalName))
    return fail(tok_.loc(), "expected the module's name ('@name') after 'module', found " +
                                describe(tok_)),
           nullptr;
  auto module = std::make_unique<Module>(tok_.nameWithoutSigil().str(), tok_.loc());
  consume();
  while (!tok_.is(TokenKind::Eof)) {
    if (!tok_.isKeyword("graph")) {
      fail(tok_.loc(), "expected 'graph' or end of file, found " + describe(tok_));
      consume();
      skipToNextGraph();
      continue;
    }
    if (!parseGraph(*module))
      skipToNextGraph();
  }
  return diag_.hadErrors() ? nullptr : std::move(module);
}

bool Parser::parseGraph(Module &module) {
  llvm::SMLoc graphLoc = tok_.loc();
  consume(); // 'graph'
  if (!tok_.is(TokenKind::GlobalName))
    return fail(tok_.loc(), "expected the graph's name ('@name') after 'graph', found " +
                                describe(tok_));
  GraphScope scope{module.addGraph(tok_.nameWithoutSigil().str(), graphLoc), {}, {}, {}};
  consume();
  if (!parseGraphSignature(scope))
    return false;
  // Body: statements up to the closing brace.
  while (!tok_.is(TokenKind::RBrace)) {
    if (tok_.is(TokenKind::Eof) || tok_.isKeyword("graph")) {
      reportUndefinedValues(scope);
      return fail(tok_.loc(), "expected '}' to close graph '@" + scope.graph->name() +
                                  "', found " + describe(tok_));
    }
    if (!parseStatement(scope))
      skipToNextStatement();
  }
  consume(); // '}'
  reportUndefinedValues(scope);
  return true;
}

bool Parser::parseGraphSignature(GraphScope &scope) {
  if (!expect(TokenKind::LParen, "to start the graph's arguments"))
    return false;
  if (!tok_.is(TokenKind::RParen)) {
    do {
      if (!tok_.is(TokenKind::ValueName))
        return fail(tok_.loc(), "expected an argument ('%name: type'), found " + describe(tok_));
      Token name = tok_;
      consume();
      TensorType type;
      llvm::SMLoc typeLoc;
      if (!expect(TokenKind::Colon, "after the argument name") || !parseType(type, typeLoc))
        return false;
      auto [it, inserted] = scope.definitions.try_emplace(name.nameWithoutSigil(), name.loc());
      if (!inserted) {
        diag_.error(name.loc(), "redefinition of value '" + name.spelling + "'");
        diag_.note(it->second, "previous definition is here");
        return false;
      }
      scope.values[name.nameWithoutSigil()] =
          scope.graph->addArgument(name.nameWithoutSigil().str(), type, name.loc());
    } while (consumeIf(TokenKind::Comma));
  }
  if (!expect(TokenKind::RParen, "to end the graph's arguments") ||
      !expect(TokenKind::Arrow, "and the graph's result types"))
    return false;
  llvm::SmallVector<TensorType, 2> types;
  llvm::SmallVector<llvm::SMLoc, 2> locs;
  if (!parseResultTypes(types, locs))
    return false;
  scope.graph->setResultTypes({types.begin(), types.end()}, {locs.begin(), locs.end()});
  return expect(TokenKind::LBrace, "to open the graph's body");
}

bool Parser::parseStatement(GraphScope &scope) {
  if (tok_.isKeyword("return"))
    return parseReturn(scope);
  if (tok_.is(TokenKind::ValueName))
    return parseOp(scope);
  fail(tok_.loc(), "expected an op ('%name = ...'), 'return' or '}', found " + describe(tok_));
  // Skip the rest of this token's line, not only of the line before it.
  consume();
  return false;
}

bool Parser::parseOp(GraphScope &scope) {
  llvm::SmallVector<Token, 1> resultNames;
  auto poisonResults = [&] {
    for (const Token &name : resultNames)
      scope.poisoned.insert(name.nameWithoutSigil());
    return false;
  };
  do {
    if (!tok_.is(TokenKind::ValueName))
      return fail(tok_.loc(), "expected a result name ('%name'), found " + describe(tok_));
    resultNames.push_back(tok_);
    consume();
  } while (consumeIf(TokenKind::Comma));
  if (!expect(TokenKind::Equal, "after the result names"))
    return poisonResults();

  if (!tok_.is(TokenKind::BareIdent))
    return fail(tok_.loc(), "expected an op name, found " + describe(tok_)), poisonResults();
  std::optional<OpKind> kind = lookupOpKind(tok_.spelling);
  if (!kind) {
    std::string message = "unknown op '" + tok_.spelling.str() + "'";
    unsigned best = 3;
    for (const OpInfo &info : allOpInfos()) {
      unsigned distance = tok_.spelling.edit_distance(info.name, true, best);
      if (distance < best) {
        best = distance;
        message = "unknown op '" + tok_.spelling.str() + "'; did you mean '" + info.name + "'?";
      }
    }
    return fail(tok_.loc(), message), poisonResults();
  }
  OperationState state{*kind, tok_.loc(), {}, {}, {}, {}, {}, {}, {}, {}};
  consume();

  if (tok_.is(TokenKind::ValueName) &&
      !parseValueUses(scope, state.operands, state.operandLocs))
    return poisonResults();
  if (tok_.is(TokenKind::LBrace) && !parseAttrDict(state.attrs))
    return poisonResults();
  if (!expect(TokenKind::Colon, "and the op's type '(domain) -> codomain'") ||
      !parseTypeList(state.domain, state.domainLocs, "domain") ||
      !expect(TokenKind::Arrow, "between the op's domain and codomain") ||
      !parseResultTypes(state.codomain, state.codomainLocs))
    return poisonResults();
  if (resultNames.size() != state.codomain.size())
    return fail(resultNames[0].loc(),
                fmt::format("{} result name{} but the codomain lists {} type{}",
                            resultNames.size(), resultNames.size() == 1 ? "" : "s",
                            state.codomain.size(), state.codomain.size() == 1 ? "" : "s")),
           poisonResults();

  for (const Token &name : resultNames) {
    Value *result;
    if (!defineValue(scope, name, result))
      return poisonResults();
    state.results.push_back(result);
  }
  scope.graph->createOp(std::move(state));
  return true;
}

bool Parser::parseReturn(GraphScope &scope) {
  llvm::SMLoc loc = tok_.loc();
  consume(); // 'return'
  llvm::SmallVector<Value *, 2> values;
  llvm::SmallVector<llvm::SMLoc, 2> locs;
  if (tok_.is(TokenKind::ValueName) && !parseValueUses(scope, values, locs))
    return false;
  if (scope.graph->hasReturn())
    return fail(loc, "graph '@" + scope.graph->name() + "' has a second 'return'");
  scope.graph->setReturn({values.begin(), values.end()}, loc, {locs.begin(), locs.end()});
  // At the end of the file or the next graph, parseGraph reports the missing '}'.
  if (!tok_.is(TokenKind::RBrace) && !tok_.is(TokenKind::Eof) && !tok_.isKeyword("graph"))
    return fail(tok_.loc(), "expected '}' after 'return': it must be the graph's last "
                            "statement, found " + describe(tok_));
  return true;
}

bool Parser::parseValueUses(GraphScope &scope, llvm::SmallVectorImpl<Value *> &values,
                            llvm::SmallVectorImpl<llvm::SMLoc> &locs) {
  do {
    if (!tok_.is(TokenKind::ValueName))
      return fail(tok_.loc(), "expected a value name ('%name'), found " + describe(tok_));
    Value *&slot = scope.values[tok_.nameWithoutSigil()];
    // A name not seen yet may be defined further down; the verifier reports
    // such uses before definition, and reportUndefinedValues the rest.
    if (!slot)
      slot = scope.graph->createValue(tok_.nameWithoutSigil().str(), tok_.loc());
    values.push_back(slot);
    locs.push_back(tok_.loc());
    consume();
  } while (consumeIf(TokenKind::Comma));
  return true;
}

bool Parser::defineValue(GraphScope &scope, const Token &name, Value *&out) {
  auto [it, inserted] = scope.definitions.try_emplace(name.nameWithoutSigil(), name.loc());
  if (!inserted) {
    diag_.error(name.loc(), "redefinition of value '" + name.spelling + "'");
    diag_.note(it->second, "previous definition is here");
    return false;
  }
  Value *&slot = scope.values[name.nameWithoutSigil()];
  if (!slot)
    slot = scope.graph->createValue(name.nameWithoutSigil().str(), name.loc());
  out = slot;
  return true;
}

void Parser::reportUndefinedValues(GraphScope &scope) {
  std::vector<const Value *> undefined;
  for (const auto &entry : scope.values)
    if (!entry.second->isDefined() && !scope.poisoned.count(entry.first()))
      undefined.push_back(entry.second);
  std::sort(undefined.begin(), undefined.end(), [](const Value *a, const Value *b) {
    return a->loc().getPointer() < b->loc().getPointer();
  });
  for (const Value *v : undefined)
    diag_.error(v->loc(), "use of undefined value '%" + v->name() + "'");
}

bool Parser::parseType(TensorType &type, llvm::SMLoc &loc) {
  loc = tok_.loc();
  std::optional<DType> dtype;
  if (tok_.is(TokenKind::BareIdent))
    dtype = lookupDType(tok_.spelling);
  if (!dtype)
    return fail(tok_.loc(), "expected a tensor type such as 'f32[4,8]' (element type " +
                                dtypeNamesForMessage() + "), found " + describe(tok_));
  consume();
  if (!expect(TokenKind::LSquare, "after the element type (write 'f32[]' for a scalar)"))
    return false;
  llvm::SmallVector<int64_t, 4> dims;
  if (!tok_.is(TokenKind::RSquare)) {
    do {
      int64_t dim = -1;
      if (!tok_.is(TokenKind::Integer) || tok_.spelling.getAsInteger(10, dim) || dim < 0)
        return fail(tok_.loc(), "expected a dimension size (a non-negative integer below "
                                "2^63), found " + describe(tok_));
      dims.push_back(dim);
      consume();
    } while (consumeIf(TokenKind::Comma));
  }
  if (!expect(TokenKind::RSquare, "to end the shape"))
    return false;
  type = TensorType(*dtype, dims);
  return true;
}

bool Parser::parseTypeList(llvm::SmallVectorImpl<TensorType> &types,
                           llvm::SmallVectorImpl<llvm::SMLoc> &locs, llvm::StringRef what) {
  if (!expect(TokenKind::LParen, ("to start the " + what + " type list").str()))
    return false;
  if (consumeIf(TokenKind::RParen))
    return true;
  do {
    TensorType type;
    llvm::SMLoc loc;
    if (!parseType(type, loc))
      return false;
    types.push_back(type);
    locs.push_back(loc);
  } while (consumeIf(TokenKind::Comma));
  return expect(TokenKind::RParen, ("to end the " + what + " type list").str());
}

bool Parser::parseResultTypes(llvm::SmallVectorImpl<TensorType> &types,
                              llvm::SmallVectorImpl<llvm::SMLoc> &locs) {
  if (tok_.is(TokenKind::LParen))
    return parseTypeList(types, locs, "result");
  TensorType type;
  llvm::SMLoc loc;
  if (!parseType(type, loc))
    return false;
  types.push_back(type);
  locs.push_back(loc);
  return true;
}

bool Parser::parseAttrDict(std::vector<NamedAttribute> &attrs) {
  consume(); // '{'
  if (consumeIf(TokenKind::RBrace))
    return true;
  do {
    if (!tok_.is(TokenKind::BareIdent))
      return fail(tok_.loc(), "expected an attribute name, found " + describe(tok_));
    NamedAttribute attr{tok_.spelling.str(), {}, tok_.loc()};
    consume();
    if (!expect(TokenKind::Equal, "after the attribute name") || !parseAttrValue(attr.value))
      return false;
    attrs.push_back(std::move(attr));
  } while (consumeIf(TokenKind::Comma));
  return expect(TokenKind::RBrace, "to end the attributes");
}

bool Parser::parseAttrValue(Attribute &value) {
  if (tok_.isKeyword("true") || tok_.isKeyword("false")) {
    value = Attribute::boolean(tok_.spelling == "true");
    consume();
    return true;
  }
  if (tok_.is(TokenKind::LSquare)) {
    llvm::SmallVector<int64_t, 4> shape;
    std::vector<double> values;
    bool integral = true;
    if (!parseArrayLiteral(0, shape, values, integral))
      return false;
    value = Attribute::array(shape, std::move(values), integral);
    return true;
  }
  double number;
  bool integral;
  int64_t integer;
  if (!parseNumber(number, integral, &integer))
    return false;
  value = integral ? Attribute::integer(integer) : Attribute::floating(number);
  return true;
}

bool Parser::parseArrayLiteral(unsigned depth, llvm::SmallVectorImpl<int64_t> &shape,
                               std::vector<double> &values, bool &integral) {
  llvm::SMLoc open = tok_.loc();
  consume(); // '['
  if (depth >= kMaxRank)
    return fail(open, fmt::format("array literal nests deeper than {} levels", kMaxRank));
  int64_t count = 0;
  llvm::SmallVector<int64_t, 4> elementShape;
  if (!tok_.is(TokenKind::RSquare)) {
    do {
      llvm::SMLoc elementLoc = tok_.loc();
      llvm::SmallVector<int64_t, 4> sub;
      if (tok_.is(TokenKind::LSquare)) {
        if (!parseArrayLiteral(depth + 1, sub, values, integral))
          return false;
      } else {
        double number;
        bool isInteger;
        if (!parseNumber(number, isInteger, nullptr))
          return false;
        values.push_back(number);
        integral &= isInteger;
      }
      if (count == 0)
        elementShape = sub;
      else if (sub != elementShape)
        return fail(elementLoc, "array literal is not rectangular: this element has shape " +
                                    shapeStr(sub) + " but the first has shape " +
                                    shapeStr(elementShape));
      ++count;
    } while (consumeIf(TokenKind::Comma));
  }
  if (!expect(TokenKind::RSquare, "to end the array"))
    return false;
  shape.clear();
  shape.push_back(count);
  shape.append(elementShape.begin(), elementShape.end());
  return true;
}

bool Parser::parseNumber(double &value, bool &integral, int64_t *integerValue) {
  if (tok_.is(TokenKind::Integer)) {
    int64_t v;
    if (tok_.spelling.getAsInteger(10, v))
      return fail(tok_.loc(), "integer literal " + describe(tok_) + " does not fit in 64 bits");
    // Compared as integers: 2^53 + 1 converts to the double 2^53.
    if (!integerValue && (v > kMaxExactInteger || v < -kMaxExactInteger))
      return fail(tok_.loc(), "integer " + describe(tok_) +
                                  " in an array literal is beyond 2^53 and would be rounded");
    value = static_cast<double>(v);
    integral = true;
    if (integerValue)
      *integerValue = v;
    consume();
    return true;
  }
  if (tok_.is(TokenKind::Float) || tok_.isKeyword("inf") || tok_.isKeyword("nan")) {
    std::string text = tok_.spelling.str();
    value = text == "nan" ? NAN : std::strtod(text.c_str(), nullptr);
    if (std::isinf(value) && text.find("inf") == std::string::npos)
      return fail(tok_.loc(), "number " + describe(tok_) + " is out of range for f64");
    // A nonzero digit before the exponent that still gives 0 is an underflow.
    if (value == 0 && text.find_first_of("123456789") < text.find_first_of("eE"))
      return fail(tok_.loc(), "number " + describe(tok_) + " is too small for f64 and would "
                                                           "round to zero");
    integral = false;
    consume();
    return true;
  }
  return fail(tok_.loc(), "expected a number, 'true', 'false' or '[', found " + describe(tok_));
}

} // namespace

std::unique_ptr<Module> parseModule(unsigned bufferId, DiagnosticEngine &diag) {
  const llvm::MemoryBuffer *buffer = diag.sourceMgr().getMemoryBuffer(bufferId);
  return Parser(buffer->getBuffer(), diag).parseModule();
}

std::unique_ptr<Module> parseModuleFile(llvm::StringRef path, DiagnosticEngine &diag) {
  auto buffer = llvm::MemoryBuffer::getFileOrSTDIN(path, /*IsText=*/true);
  if (std::error_code ec = buffer.getError()) {
    diag.error(llvm::SMLoc(), "cannot read '" + path + "': " + ec.message());
    return nullptr;
  }
  unsigned id = diag.sourceMgr().AddNewSourceBuffer(std::move(*buffer), llvm::SMLoc());
  return parseModule(id, diag);
}

} // namespace thymos::ir
