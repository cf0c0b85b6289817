//===- Verifier.cpp - Static checks of domains, codomains and SSA -----------===//

#include "passes/Verifier.h"

#include "runtime/CheckedSize.h"
#include "runtime/PlanFormat.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"

#include <fmt/format.h>

#include <cstring>

namespace thymos::passes {

using namespace ir;

namespace {

/// The most bytes a module's states may take together (see verifyModule).
constexpr uint64_t kMaxStateBytes = uint64_t(1) << 61;

std::string plural(size_t n, const char *word) {
  return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
}

std::string givenText(size_t n) { return n == 1 ? "1 was given" : fmt::format("{} were given", n); }

class Verifier {
public:
  explicit Verifier(DiagnosticEngine &diag) : diag_(diag) {}

  void verifyModule(const Module &module) {
    llvm::StringMap<const StateDecl *> states;
    uint64_t stateBytes = 0;
    bool stateTooLarge = false;
    for (const auto &state : module.states()) {
      auto [it, inserted] = states.try_emplace(state->name, state.get());
      if (!inserted) {
        diag_.error(state->loc, "redefinition of state '@" + state->name + "'");
        diag_.note(it->second->loc, "previous definition is here");
      }
      if (!checkWellFormed(state->type, state->typeLoc, "state @" + state->name))
        continue;
      // The runtime keeps all states in one buffer, each aligned to the plan's
      // alignment; the
      // bound keeps that layout's arithmetic far from overflow, as the memory
      // planner's bound does for the arena.
      uint64_t padded;
      if (!stateTooLarge &&
          (!alignUp(uint64_t(*state->type.storageBytes()), plan::kAlignment, padded) ||
           !checkedAdd(stateBytes, padded, stateBytes) || stateBytes > kMaxStateBytes)) {
        stateTooLarge = true;
        diag_.error(state->typeLoc, "state @" + state->name +
                                        " brings the module's state to more than 2^61 bytes");
      }
    }
    module_ = &module;
    llvm::StringMap<const Graph *> graphs;
    for (const auto &graph : module.graphs()) {
      auto [it, inserted] = graphs.try_emplace(graph->name(), graph.get());
      if (!inserted) {
        diag_.error(graph->loc(), "redefinition of graph '@" + graph->name() + "'");
        diag_.note(it->second->loc(), "previous definition is here");
      }
      verifyGraph(*graph);
    }
  }

private:
  // --- Graphs -------------------------------------------------------------
  void verifyGraph(const Graph &graph) {
    for (const Value *arg : graph.arguments())
      checkWellFormed(arg->type(), arg->loc(), "argument %" + arg->name());
    for (unsigned i = 0; i < graph.resultTypes().size(); ++i)
      checkWellFormed(graph.resultTypes()[i], graph.resultTypeLoc(i),
                      fmt::format("result #{} of graph '@{}'", i, graph.name()));
    checkUniqueNames(graph);
    for (const auto &op : graph.ops())
      verifyOp(graph, *op);
    verifyUpdates(graph);
    verifyReturn(graph);
  }

  bool declaredInModule(const StateDecl *state) const {
    for (const auto &s : module_->states())
      if (s.get() == state)
        return true;
    return false;
  }

  void verifyUpdates(const Graph &graph) {
    for (const Value *v : graph.stateReads())
      if (!declaredInModule(v->readsState()))
        diag_.error(v->loc(), "value %" + v->name() + " reads a state the module does not declare");
    llvm::DenseMap<const StateDecl *, llvm::SMLoc> updated;
    for (unsigned i = 0; i < graph.updates().size(); ++i) {
      const Graph::StateUpdate &u = graph.updates()[i];
      if (!declaredInModule(u.state)) {
        diag_.error(u.loc, "'update' writes a state the module does not declare");
        continue;
      }
      auto [it, inserted] = updated.try_emplace(u.state, u.loc);
      if (!inserted) {
        diag_.error(u.loc, "state '@" + u.state->name + "' is updated twice in graph '@" +
                               graph.name() + "'");
        diag_.note(it->second, "first update is here");
        continue;
      }
      if (!checkDefinedInGraph(graph, u.value, u.valueLoc, "'update'", 0, nullptr))
        continue;
      if (u.value->type() != u.state->type)
        diag_.error(u.valueLoc, fmt::format("'update' of state '@{}' gives %{} of type {}, but "
                                            "the state has type {}",
                                            u.state->name, u.value->name(),
                                            u.value->type().str(), u.state->type.str()));
    }
  }

  void checkUniqueNames(const Graph &graph) {
    llvm::StringMap<const Value *> seen;
    auto check = [&](const Value *v) {
      if (v->name().empty())
        return;
      auto [it, inserted] = seen.try_emplace(v->name(), v);
      if (!inserted && it->second != v)
        diag_.error(v->loc(), "value name '%" + v->name() + "' is defined twice in graph '@" +
                                  graph.name() + "'");
    };
    for (const Value *arg : graph.arguments())
      check(arg);
    for (const auto &op : graph.ops())
      for (const Value *v : op->results())
        check(v);
  }

  void verifyReturn(const Graph &graph) {
    if (!graph.hasReturn()) {
      diag_.error(graph.loc(), "graph '@" + graph.name() + "' does not end with 'return'");
      return;
    }
    llvm::ArrayRef<Value *> values = graph.returnValues();
    llvm::ArrayRef<TensorType> expected = graph.resultTypes();
    if (values.size() != expected.size()) {
      diag_.error(graph.returnLoc(),
                  fmt::format("'return' gives {}, but graph '@{}' declares {}",
                              plural(values.size(), "value"), graph.name(),
                              plural(expected.size(), "result")));
      return;
    }
    for (unsigned i = 0; i < values.size(); ++i) {
      const Value *v = values[i];
      if (!checkDefinedInGraph(graph, v, graph.returnValueLoc(i), "'return'", i, nullptr))
        continue;
      if (v->type() != expected[i])
        diag_.error(graph.returnValueLoc(i),
                    fmt::format("'return' value #{} (%{}) has type {}, but graph '@{}' "
                                "declares result type {}",
                                i, v->name(), v->type().str(), graph.name(),
                                expected[i].str()));
    }
  }

  /// SSA: `v` is an argument of `graph` or the result of an earlier op in it.
  bool checkDefinedInGraph(const Graph &graph, const Value *v, llvm::SMLoc useLoc,
                           llvm::StringRef user, unsigned index, const Operation *userOp) {
    std::string what = fmt::format("{} operand #{} (%{})", user.str(), index, v->name());
    if (v->parent() != &graph || !v->isDefined()) {
      diag_.error(useLoc, what + " is not defined in graph '@" + graph.name() + "'");
      return false;
    }
    const Operation *def = v->definingOp();
    if (def && userOp && def->index() >= userOp->index()) {
      diag_.error(useLoc, what + " is used before its definition");
      // The value's own location is where it was first mentioned: this use.
      diag_.note(def->loc(), "defined here");
      return false;
    }
    return true;
  }

  // --- Ops ----------------------------------------------------------------
  void opError(const Operation &op, llvm::SMLoc loc, const std::string &message) {
    diag_.error(loc.isValid() ? loc : op.loc(), "'" + op.name() + "' op " + message);
  }

  void verifyOp(const Graph &graph, const Operation &op) {
    unsigned errorsBefore = diag_.errorCount();
    const OpInfo &info = op.info();
    bool operandsDefined = true;
    for (unsigned i = 0; i < op.numOperands(); ++i)
      operandsDefined &= checkDefinedInGraph(graph, op.operand(i), op.operandLoc(i),
                                             "'" + std::string(op.name()) + "' op", i, &op);
    checkArity(op, info);
    verifyAttrs(op, info);
    if (diag_.errorCount() != errorsBefore)
      return; // the types below are not meaningful for a malformed op

    for (unsigned i = 0; i < op.domain().size(); ++i) {
      const TensorType &declared = op.domain()[i];
      if (!checkWellFormed(declared, op.domainLoc(i),
                           fmt::format("'{}' op operand #{}", op.name().str(), i)))
        continue;
      const OperandSpec &spec = info.operandSpec(i);
      if (!spec.accepts(declared.dtype()))
        opError(op, op.domainLoc(i),
                fmt::format("operand #{} must be a {}, got {}", i, spec.constraint,
                            declared.str()));
      const Value *v = op.operand(i);
      if (operandsDefined && v->type() != declared)
        opError(op, op.domainLoc(i),
                fmt::format("operand #{} (%{}) has type {}, but the domain declares {}", i,
                            v->name(), v->type().str(), declared.str()));
    }
    llvm::SmallVector<TensorType, 1> codomain = op.codomain();
    for (unsigned i = 0; i < codomain.size(); ++i) {
      if (!checkWellFormed(codomain[i], op.codomainLoc(i),
                           fmt::format("'{}' op result #{}", op.name().str(), i)))
        continue;
      if (!info.results()[i].accepts(codomain[i].dtype()))
        opError(op, op.codomainLoc(i),
                fmt::format("result #{} must be a {}, got {}", i, info.results()[i].constraint,
                            codomain[i].str()));
    }
    if (diag_.errorCount() != errorsBefore)
      return;

    llvm::Expected<TensorType> derived = info.typeRule({op, op.domain(), codomain});
    if (!derived) {
      opError(op, op.loc(), llvm::toString(derived.takeError()));
      return;
    }
    if (*derived != codomain[0])
      opError(op, op.codomainLoc(0),
              fmt::format("codomain is {}, but the domain {} gives {}", codomain[0].str(),
                          typeListStr(op.domain()), derived->str()));
  }

  void checkArity(const Operation &op, const OpInfo &info) {
    size_t specs = info.operands().size();
    size_t given = op.numOperands();
    if (info.isVariadic() && given < specs)
      opError(op, op.loc(), fmt::format("expects at least {}, but {}",
                                        plural(specs, "operand"), givenText(given)));
    else if (!info.isVariadic() && given != specs)
      opError(op, op.loc(),
              fmt::format("expects {}, but {}", plural(specs, "operand"), givenText(given)));
    else if (given > plan::kMaxStepInputs)
      opError(op, op.loc(),
              fmt::format("takes at most {} operands (a step of a plan reads no more), but {}",
                          plan::kMaxStepInputs, givenText(given)));
    if (op.domain().size() != given)
      opError(op, op.loc(),
              fmt::format("has {}, but its domain lists {}", plural(given, "operand"),
                          plural(op.domain().size(), "type")));
    if (op.numResults() != info.results().size())
      opError(op, op.codomainLoc(0),
              fmt::format("expects {}, but its codomain lists {}",
                          plural(info.results().size(), "result"),
                          plural(op.numResults(), "type")));
  }

  void verifyAttrs(const Operation &op, const OpInfo &info) {
    llvm::StringMap<llvm::SMLoc> seen;
    for (const NamedAttribute &attr : op.attrs()) {
      if (!seen.try_emplace(attr.name, attr.loc).second) {
        opError(op, attr.loc, "attribute '" + attr.name + "' is given twice");
        continue;
      }
      const AttrSpec *spec = info.findAttr(attr.name);
      if (!spec) {
        std::string accepted;
        for (const AttrSpec &s : info.attrs())
          accepted += (accepted.empty() ? "" : ", ") + std::string(s.name);
        opError(op, attr.loc,
                "has no attribute '" + attr.name + "'" +
                    (accepted.empty() ? " (it takes none)" : " (it accepts: " + accepted + ")"));
        continue;
      }
      if (!attr.value.satisfies(spec->kind))
        opError(op, attr.loc,
                fmt::format("attribute '{}' must be {} {}, got {}", attr.name,
                            std::strchr("aeiou", spec->kindDescription[0]) ? "an" : "a",
                            spec->kindDescription, attr.value.str()));
    }
    for (const AttrSpec &spec : info.attrs())
      if (spec.required && !seen.count(spec.name))
        opError(op, op.loc(),
                fmt::format("requires attribute '{}' ({})", spec.name, spec.kindDescription));
  }

  bool checkWellFormed(const TensorType &type, llvm::SMLoc loc, const std::string &what) {
    std::string problem = type.wellFormedError();
    if (problem.empty())
      return true;
    diag_.error(loc, fmt::format("{} has invalid type {}: {}", what, type.str(), problem));
    return false;
  }

  DiagnosticEngine &diag_;
  const Module *module_ = nullptr;
};

} // namespace

bool verifyModule(const Module &module, DiagnosticEngine &diag) {
  unsigned before = diag.errorCount();
  Verifier(diag).verifyModule(module);
  return diag.errorCount() == before;
}

} // namespace thymos::passes
