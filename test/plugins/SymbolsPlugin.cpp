//===- SymbolsPlugin.cpp - A plugin that needs more of thymosc's symbols ----===//
//
// Its pass `graph-json` writes every graph as JSON to stdout with LLVM
// Support's json::OStream, which thymosc itself never calls, and reads the IR
// through more of its API than the example plugin. It loads only because
// thymosc links its Thymos and LLVM Support libraries whole and exports
// their symbols (tools/thymosc/CMakeLists.txt); run it with LD_BIND_NOW=1 so
// a missing function fails at load rather than at its first call.
//
//===----------------------------------------------------------------------===//

#include "passes/PassPlugin.h"

#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

using namespace thymos;

namespace {

class GraphJsonPass final : public passes::Pass {
public:
  llvm::StringRef name() const override { return "graph-json"; }
  llvm::StringRef description() const override { return "Print every graph as JSON"; }
  bool run(ir::Module &module, passes::PassContext &) override {
    llvm::json::OStream json(llvm::outs(), /*IndentSize=*/2);
    json.object([&] {
      json.attribute("module", module.name());
      json.attributeArray("graphs", [&] {
        for (const auto &graph : module.graphs())
          writeGraph(*graph, json);
      });
    });
    llvm::outs() << "\n";
    return true;
  }

private:
  static void writeGraph(const ir::Graph &graph, llvm::json::OStream &json) {
    llvm::DenseMap<const ir::Value *, unsigned> uses = graph.useCounts();
    json.object([&] {
      json.attribute("name", graph.name());
      json.attribute("results", ir::typeListStr(graph.resultTypes()));
      json.attributeArray("ops", [&] {
        for (const auto &op : graph.ops()) {
          json.object([&] {
            json.attribute("op", op->name());
            json.attribute("type", op->result()->type().str());
            json.attribute("uses", uses.lookup(op->result()));
            json.attribute("dtype", ir::dtypeName(op->result()->type().dtype()));
            for (const ir::NamedAttribute &attr : op->attrs())
              json.attribute(attr.name, attr.value.str());
          });
        }
      });
    });
  }
};

bool registerGraphJson(passes::PassRegistry &registry, std::string &error) {
  return registry.add<GraphJsonPass>(error);
}

} // namespace

extern "C" THYMOS_PLUGIN_EXPORT passes::PassPluginInfo thymosGetPassPluginInfo() {
  return {THYMOS_PASS_PLUGIN_API_VERSION, "symbols", "1.0", registerGraphJson};
}
