//===- SampleCommand.cpp - thymos-fit sample: synthetic data sets as CSV -----===//

#include "CommandSupport.h"

#include "ml/Sampling.h"
#include "runtime/io/Csv.h"
#include "runtime/io/HostTensor.h"

namespace thymos::fit {

using namespace ml;

int sampleMain(int argc, char **argv) {
  std::string n, dim = "2", noise = "0.1", seed = "0", output;
  OptionParser parser(
      "thymos-fit sample", "thymos-fit sample KIND --n N [options] -o FILE.csv",
      "Writes a synthetic data set as CSV (features, then 'target'), the same for a\n"
      "given seed on every platform. KIND is one of:\n"
      "  uniform    points uniform in [0,1]^dim; target nan (unlabelled)\n"
      "  moons      two interleaving half circles with Gaussian noise; target 0/1\n"
      "  friedman1  10 uniform features, y = 10 sin(pi x1 x2) + 20 (x3 - 1/2)^2\n"
      "             + 10 x4 + 5 x5 + noise");
  parser.value("n", "N", "rows", n);
  parser.value("dim", "D", "dimension (uniform)", dim);
  parser.value("noise", "SIGMA", "standard deviation of the noise (moons, friedman1)", noise);
  parser.value("seed", "S", "random seed", seed);
  parser.value("o", "FILE.csv", "the output file", output);
  if (argc >= 3 && argv[2][0] != '-') {
    // The kind comes first; the options after it.
    std::string kind = argv[2];
    if (int status = parseCommandLine(parser, argc - 1, argv + 1); status >= 0)
      return status;
    std::string error;
    int64_t rows = 0, d = 0, seedValue = 0;
    double sigma = 0.0;
    if (n.empty())
      return fail("sample: --n N is required");
    if (output.empty())
      return fail("sample: -o FILE.csv is required");
    if (!parseInteger("--n", n, 1, rows, error) || !parseInteger("--dim", dim, 1, d, error) ||
        !parseNonNegative("--noise", noise, sigma, error) ||
        !parseInteger("--seed", seed, 0, seedValue, error))
      return fail(error);
    Sample s;
    if (kind == "uniform")
      s = sampleUniform(rows, d, static_cast<uint64_t>(seedValue));
    else if (kind == "moons")
      s = sampleMoons(rows, sigma, static_cast<uint64_t>(seedValue));
    else if (kind == "friedman1")
      s = sampleFriedman1(rows, sigma, static_cast<uint64_t>(seedValue));
    else
      return fail("sample: unknown kind '" + kind + "'; expected uniform, moons or friedman1");
    const int64_t cols = s.features + 1, dims[2] = {s.rows, cols};
    rt::HostTensor table;
    if (rt::Status st = rt::HostTensor::create(rt::DType::F64, 2, dims, table); !st)
      return fail(st.message());
    double *v = table.view.as<double>();
    std::vector<std::string> header;
    for (int64_t j = 0; j < s.features; ++j)
      header.push_back("x" + std::to_string(j));
    header.push_back("target");
    for (int64_t i = 0; i < s.rows; ++i) {
      for (int64_t j = 0; j < s.features; ++j)
        v[i * cols + j] = s.x[i * s.features + j];
      v[i * cols + s.features] = s.y[i];
    }
    if (rt::Status st = rt::writeCsv(output, table.view, header); !st)
      return fail(st.message());
    return 0;
  }
  if (int status = parseCommandLine(parser, argc, argv); status >= 0)
    return status;
  return fail("sample: the kind (uniform, moons or friedman1) comes first (see "
              "'thymos-fit sample --help')");
}

} // namespace thymos::fit
