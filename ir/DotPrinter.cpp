//===- DotPrinter.cpp - A module as a Graphviz graph -------------------------===//

#include "ir/DotPrinter.h"

#include "llvm/ADT/DenseMap.h"

#include <string>

namespace thymos::ir {

namespace {

/// A Graphviz string literal: quotes and backslashes escaped, line breaks
/// as Graphviz's centred `\n`.
std::string quoted(llvm::StringRef text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    if (c == '"' || c == '\\')
      out += '\\';
    out += c;
  }
  return out + "\"";
}

class DotWriter {
public:
  DotWriter(llvm::raw_ostream &os) : os_(os) {}

  void graph(const Graph &g, unsigned index) {
    std::string prefix = "g" + std::to_string(index) + "_";
    os_ << "  subgraph cluster_" << index << " {\n    label=" << quoted("@" + g.name())
        << ";\n";
    unsigned next = 0;
    auto newNode = [&]() { return prefix + std::to_string(next++); };
    llvm::DenseMap<const Value *, std::string> source;
    for (const Value *arg : g.arguments()) {
      source[arg] = newNode();
      node(source[arg], "%" + arg->name() + "\n" + arg->type().str(), "ellipse");
    }
    for (const Value *read : g.stateReads()) {
      source[read] = newNode();
      node(source[read], "@" + read->readsState()->name + "\n" + read->type().str(),
           "ellipse, style=dashed");
    }
    for (const auto &op : g.ops()) {
      std::string id = newNode();
      std::string label = op->name().str();
      for (const Value *result : op->results())
        label += "\n" + result->type().str();
      node(id, label, "box");
      for (const Value *operand : op->operands())
        edge(source.lookup(operand), id, operand);
      for (const Value *result : op->results())
        source[result] = id;
    }
    for (const Value *v : g.returnValues()) {
      std::string id = newNode();
      node(id, "return", "plaintext");
      edge(source.lookup(v), id, v);
    }
    for (const Graph::StateUpdate &u : g.updates()) {
      std::string id = newNode();
      node(id, "update @" + u.state->name, "plaintext");
      edge(source.lookup(u.value), id, u.value);
    }
    os_ << "  }\n";
  }

private:
  void node(const std::string &id, const std::string &label, const char *shape) {
    os_ << "    " << id << " [label=" << quoted(label) << ", shape=" << shape << "];\n";
  }
  void edge(const std::string &from, const std::string &to, const Value *v) {
    if (from.empty())
      return;
    os_ << "    " << from << " -> " << to << " [label=" << quoted("%" + v->name()) << "];\n";
  }

  llvm::raw_ostream &os_;
};

} // namespace

void printModuleDot(const Module &module, llvm::raw_ostream &os) {
  os << "digraph " << quoted("@" + module.name()) << " {\n  node [fontname=monospace];\n";
  DotWriter writer(os);
  unsigned index = 0;
  for (const auto &g : module.graphs())
    writer.graph(*g, index++);
  os << "}\n";
}

} // namespace thymos::ir
