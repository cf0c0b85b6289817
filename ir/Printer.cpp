//===- Printer.cpp - A Module back to .thy text -----------------------------===//

#include "ir/Printer.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringSet.h"

#include <string>

namespace thymos::ir {

namespace {

class GraphPrinter {
public:
  GraphPrinter(const Graph &graph, llvm::raw_ostream &os) : graph_(graph), os_(os) {}

  void print() {
    nameValues();
    os_ << "graph @" << graph_.name() << "(";
    for (size_t i = 0; i < graph_.arguments().size(); ++i) {
      const Value *arg = graph_.arguments()[i];
      os_ << (i ? ", " : "") << "%" << names_[arg] << ": " << arg->type().str();
    }
    os_ << ") -> ";
    printResultTypes(graph_.resultTypes());
    if (!graph_.stateReads().empty()) {
      os_ << " state(";
      for (size_t i = 0; i < graph_.stateReads().size(); ++i) {
        const Value *v = graph_.stateReads()[i];
        os_ << (i ? ", " : "") << "%" << names_[v] << " = @" << v->readsState()->name;
      }
      os_ << ")";
    }
    os_ << " {\n";
    for (const auto &op : graph_.ops())
      printOp(*op);
    for (const Graph::StateUpdate &u : graph_.updates())
      os_ << "  update @" << u.state->name << " = %" << names_[u.value] << "\n";
    if (graph_.hasReturn()) {
      os_ << "  return";
      printValueList(graph_.returnValues(), " ");
      os_ << "\n";
    }
    os_ << "}\n";
  }

private:
  /// Keeps source names; numbers unnamed values with names no other value uses.
  void nameValues() {
    llvm::StringSet<> used;
    auto visit = [&](const Value *v) {
      if (!v->name().empty() && !names_.count(v)) {
        names_[v] = v->name();
        used.insert(v->name());
      }
    };
    for (const Value *arg : graph_.arguments())
      visit(arg);
    for (const Value *v : graph_.stateReads())
      visit(v);
    for (const auto &op : graph_.ops()) {
      for (const Value *v : op->results())
        visit(v);
      for (const Value *v : op->operands())
        visit(v);
    }
    unsigned next = 0;
    auto number = [&](const Value *v) {
      if (names_.count(v))
        return;
      std::string name;
      do
        name = std::to_string(next++);
      while (used.count(name));
      names_[v] = name;
      used.insert(name);
    };
    for (const Value *arg : graph_.arguments())
      number(arg);
    for (const Value *v : graph_.stateReads())
      number(v);
    for (const auto &op : graph_.ops()) {
      for (const Value *v : op->results())
        number(v);
      for (const Value *v : op->operands())
        number(v);
    }
    for (const Value *v : graph_.returnValues())
      number(v);
    for (const Graph::StateUpdate &u : graph_.updates())
      number(u.value);
  }

  void printValueList(llvm::ArrayRef<Value *> values, const char *lead) {
    for (size_t i = 0; i < values.size(); ++i)
      os_ << (i ? ", " : lead) << "%" << names_[values[i]];
  }

  void printTypes(llvm::ArrayRef<TensorType> types) {
    os_ << "(";
    for (size_t i = 0; i < types.size(); ++i)
      os_ << (i ? ", " : "") << types[i].str();
    os_ << ")";
  }

  void printResultTypes(llvm::ArrayRef<TensorType> types) {
    if (types.size() == 1)
      os_ << types[0].str();
    else
      printTypes(types);
  }

  void printOp(const Operation &op) {
    os_ << "  ";
    printValueList(op.results(), "");
    os_ << " = " << op.name();
    printValueList(op.operands(), " ");
    printAttrs(op);
    os_ << " : ";
    printTypes(op.domain());
    os_ << " -> ";
    printResultTypes(op.codomain());
    os_ << "\n";
  }

  /// Schema order first, then any attributes the schema does not know (the
  /// verifier rejects those, but the printer shows what is there).
  void printAttrs(const Operation &op) {
    if (op.attrs().empty())
      return;
    llvm::SmallVector<const NamedAttribute *, 4> ordered;
    for (const AttrSpec &spec : op.info().attrs())
      for (const NamedAttribute &a : op.attrs())
        if (a.name == spec.name)
          ordered.push_back(&a);
    for (const NamedAttribute &a : op.attrs())
      if (!op.info().findAttr(a.name))
        ordered.push_back(&a);
    os_ << " {";
    for (size_t i = 0; i < ordered.size(); ++i)
      os_ << (i ? ", " : "") << ordered[i]->name << " = " << ordered[i]->value.str();
    os_ << "}";
  }

  const Graph &graph_;
  llvm::raw_ostream &os_;
  llvm::DenseMap<const Value *, std::string> names_;
};

} // namespace

void printGraph(const Graph &graph, llvm::raw_ostream &os) { GraphPrinter(graph, os).print(); }

void printModule(const Module &module, llvm::raw_ostream &os) {
  os << "module @" << module.name() << "\n";
  if (!module.states().empty())
    os << "\n";
  for (const auto &state : module.states())
    os << "state @" << state->name << " : " << state->type.str() << "\n";
  for (const auto &graph : module.graphs()) {
    os << "\n";
    printGraph(*graph, os);
  }
}

} // namespace thymos::ir
