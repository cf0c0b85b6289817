//===- Parser.cpp - .thy text to a Module: modules, graphs, statements --------===//

#include "ir/Parser.h"

#include "ir/ParserImpl.h"
#include "runtime/PlanFormat.h"

#include "llvm/Support/MemoryBuffer.h"

#include <fmt/format.h>

#include <algorithm>

namespace thymos::ir {
namespace detail {

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
  while (!tok_.is(TokenKind::Eof) && !tok_.isKeyword("graph") && !tok_.isKeyword("state"))
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
    if (tok_.isKeyword("state")) {
      if (!parseStateDecl(*module))
        skipToNextGraph();
      continue;
    }
    if (!tok_.isKeyword("graph")) {
      fail(tok_.loc(), "expected 'graph', 'state' or end of file, found " + describe(tok_));
      consume();
      skipToNextGraph();
      continue;
    }
    if (!parseGraph(*module))
      skipToNextGraph();
  }
  return diag_.hadErrors() ? nullptr : std::move(module);
}

bool Parser::parseStateDecl(Module &module) {
  consume(); // 'state'
  if (!tok_.is(TokenKind::GlobalName))
    return fail(tok_.loc(), "expected the state's name ('@name') after 'state', found " +
                                describe(tok_));
  Token name = tok_;
  consume();
  TensorType type;
  llvm::SMLoc typeLoc;
  if (!expect(TokenKind::Colon, "after the state's name") || !parseType(type, typeLoc))
    return false;
  module.addState(name.nameWithoutSigil().str(), type, name.loc(), typeLoc);
  return true;
}

bool Parser::parseGraph(Module &module) {
  llvm::SMLoc graphLoc = tok_.loc();
  consume(); // 'graph'
  if (!tok_.is(TokenKind::GlobalName))
    return fail(tok_.loc(), "expected the graph's name ('@name') after 'graph', found " +
                                describe(tok_));
  GraphScope scope{module, module.addGraph(tok_.nameWithoutSigil().str(), graphLoc), {}, {}, {}};
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
      if (!claimName(scope, name))
        return false;
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
  if (tok_.isKeyword("state") && !parseStateBindings(scope))
    return false;
  return expect(TokenKind::LBrace, "to open the graph's body");
}

bool Parser::parseStateBindings(GraphScope &scope) {
  consume(); // 'state'
  if (!expect(TokenKind::LParen, "to start the graph's state bindings"))
    return false;
  do {
    if (!tok_.is(TokenKind::ValueName))
      return fail(tok_.loc(), "expected a state binding ('%name = @state'), found " +
                                  describe(tok_));
    Token name = tok_;
    consume();
    if (!expect(TokenKind::Equal, "after the value name of a state binding"))
      return false;
    if (!tok_.is(TokenKind::GlobalName))
      return fail(tok_.loc(), "expected a state name ('@name'), found " + describe(tok_));
    const StateDecl *state = scope.module.lookupState(tok_.nameWithoutSigil());
    if (!state)
      return fail(tok_.loc(), "unknown state '" + tok_.spelling +
                                  "'; declare it before the graph with 'state " + tok_.spelling +
                                  " : type'");
    consume();
    if (!claimName(scope, name))
      return false;
    scope.values[name.nameWithoutSigil()] =
        scope.graph->addStateRead(name.nameWithoutSigil().str(), state, name.loc());
  } while (consumeIf(TokenKind::Comma));
  return expect(TokenKind::RParen, "to end the graph's state bindings");
}

bool Parser::parseUpdate(GraphScope &scope) {
  consume(); // 'update'
  if (!tok_.is(TokenKind::GlobalName))
    return fail(tok_.loc(), "expected the state to update ('@name'), found " + describe(tok_));
  const StateDecl *state = scope.module.lookupState(tok_.nameWithoutSigil());
  if (!state)
    return fail(tok_.loc(), "unknown state '" + tok_.spelling + "'");
  llvm::SMLoc stateLoc = tok_.loc();
  consume();
  if (!expect(TokenKind::Equal, "after the state name"))
    return false;
  llvm::SmallVector<Value *, 1> values;
  llvm::SmallVector<llvm::SMLoc, 1> locs;
  if (!tok_.is(TokenKind::ValueName))
    return fail(tok_.loc(), "expected the new value ('%name'), found " + describe(tok_));
  if (!parseValueUses(scope, values, locs))
    return false;
  if (values.size() != 1)
    return fail(locs[1], "'update' takes one value");
  scope.graph->addUpdate(state, values[0], stateLoc, locs[0]);
  return true;
}

bool Parser::parseStatement(GraphScope &scope) {
  if (tok_.isKeyword("return"))
    return parseReturn(scope);
  if (tok_.isKeyword("update"))
    return parseUpdate(scope);
  if (tok_.is(TokenKind::ValueName))
    return parseOp(scope);
  fail(tok_.loc(), "expected an op ('%name = ...'), 'update', 'return' or '}', found " + describe(tok_));
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

bool Parser::claimName(GraphScope &scope, const Token &name) {
  auto [it, inserted] = scope.definitions.try_emplace(name.nameWithoutSigil(), name.loc());
  if (inserted)
    return true;
  diag_.error(name.loc(), "redefinition of value '" + name.spelling + "'");
  diag_.note(it->second, "previous definition is here");
  return false;
}

bool Parser::defineValue(GraphScope &scope, const Token &name, Value *&out) {
  if (!claimName(scope, name))
    return false;
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

} // namespace detail

std::unique_ptr<Module> parseModule(unsigned bufferId, DiagnosticEngine &diag) {
  const llvm::MemoryBuffer *buffer = diag.sourceMgr().getMemoryBuffer(bufferId);
  // A binary file would be echoed into the diagnostics line by line; name
  // what it is instead, without pointing into it.
  llvm::StringRef text = buffer->getBuffer();
  llvm::StringRef name = buffer->getBufferIdentifier();
  if (text.startswith(llvm::StringRef(plan::kMagic, sizeof plan::kMagic))) {
    diag.error(llvm::SMLoc(), "'" + name + "' is a compiled plan, not .thy text (run it with "
                              "thymos-run, or print it with thymos-run --dump)");
    return nullptr;
  }
  if (size_t nul = text.find('\0'); nul != llvm::StringRef::npos) {
    diag.error(llvm::SMLoc(), "'" + name + "' is not .thy text: byte " + llvm::Twine(nul) +
                              " is NUL");
    return nullptr;
  }
  return detail::Parser(text, diag).parseModule();
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
