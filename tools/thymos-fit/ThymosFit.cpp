//===- ThymosFit.cpp - thymos-fit: fit classical models, emit .thy graphs ----===//
//
//   thymos-fit svr    --train FILE.csv [options] -o model.thy   epsilon-SVR (SMO)
//   thymos-fit lssvr  --train FILE.csv [options] -o model.thy   LS-SVR, solved in a graph
//   thymos-fit plap   --data FILE.csv  [options] -o model.thy   p-Laplacian learning
//   thymos-fit sample KIND --n N [options] -o FILE.csv          synthetic data
//
// Each fit writes a module whose @predict graph holds the learned constants;
// `thymosc` compiles it and `thymos-run` predicts from CSV or .npy.
//
//===----------------------------------------------------------------------===//

#include "CommandSupport.h"
#include "thymos/Version.h"

#include <cstdio>
#include <cstring>
#include <string>

namespace {

const char *const kUsage =
    "usage: thymos-fit COMMAND [options]\n"
    "\n"
    "Fits a classical model and writes it as a Thymos module (.thy) whose @predict\n"
    "graph holds the learned constants; compile it with thymosc and run it with\n"
    "thymos-run on new data. Results are printed as 'key = value' lines; progress\n"
    "goes to standard error.\n"
    "\n"
    "commands:\n"
    "  svr      epsilon-SVR trained by SMO (kernels linear, rbf, poly)\n"
    "  lssvr    LS-SVR with an RBF kernel; the KKT system is solved in a graph\n"
    "  plap     p-Laplacian semi-supervised learning on a k-nearest-neighbour graph\n"
    "  sample   write a synthetic data set (uniform, moons, friedman1) as CSV\n"
    "\n"
    "'thymos-fit COMMAND --help' lists the options of a command.\n";

} // namespace

int main(int argc, char **argv) {
  using namespace thymos::fit;
  if (argc < 2)
    return fail(std::string("no command given\n") + kUsage);
  const std::string command = argv[1];
  if (command == "--help" || command == "-h" || command == "help") {
    std::fputs(kUsage, stdout);
    return 0;
  }
  if (command == "--version") {
    std::printf("thymos-fit (Thymos) %d.%d.%d\n", THYMOS_VERSION_MAJOR, THYMOS_VERSION_MINOR,
                THYMOS_VERSION_PATCH);
    return 0;
  }
  if (command == "svr")
    return svrMain(argc, argv);
  if (command == "lssvr")
    return lssvrMain(argc, argv);
  if (command == "plap")
    return plapMain(argc, argv);
  if (command == "sample")
    return sampleMain(argc, argv);
  return fail("unknown command '" + command + "'; the commands are svr, lssvr, plap, sample "
              "(see 'thymos-fit --help')");
}
