//===- ThymosRun.cpp - Run a compiled plan on the CPU --------------------------===//
//
//   thymos-run plan.bin --input x=x.npy --output y=y.npy
//
// Links the runtime only. Every problem (bad plan, bad input file, a kernel
// error at run time) is one line on stderr and exit status 1.
//
//===----------------------------------------------------------------------===//

#include "RunOptions.h"
#include "TensorText.h"

#include "runtime/Executor.h"
#include "runtime/cpu/ThreadPool.h"
#include "runtime/io/Csv.h"
#include "runtime/io/Npy.h"
#include "thymos/Version.h"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <unistd.h>

using namespace thymos;
using namespace thymos::rt;
using namespace thymos::run;

namespace {

int fail(const std::string &message) {
  std::fprintf(stderr, "thymos-run: error: %s\n", message.c_str());
  return 1;
}

bool endsWith(const std::string &s, const char *suffix) {
  size_t n = std::strlen(suffix);
  return s.size() >= n && s.compare(s.size() - n, n, suffix) == 0;
}

/// Dims equal once unit dimensions are ignored: [n] and [n,1] hold the same data.
bool sameLayout(const TensorView &a, const TensorView &b) {
  uint32_t i = 0, j = 0;
  while (true) {
    while (i < a.rank && a.dims[i] == 1)
      ++i;
    while (j < b.rank && b.dims[j] == 1)
      ++j;
    if (i == a.rank || j == b.rank)
      return i == a.rank && j == b.rank;
    if (a.dims[i++] != b.dims[j++])
      return false;
  }
}

/// "data.csv#0:10" -> path "data.csv", columns [0, 10); "data.csv#-1" -> the last column.
Status parseCsvSelection(const std::string &spec, std::string &path, CsvReadOptions &options) {
  size_t hash = spec.rfind('#');
  path = spec.substr(0, hash);
  if (hash == std::string::npos)
    return Status::success();
  std::string sel = spec.substr(hash + 1);
  char *end = nullptr;
  size_t colon = sel.find(':');
  std::string first = sel.substr(0, colon);
  options.columnBegin = first.empty() ? 0 : std::strtoll(first.c_str(), &end, 10);
  if (!first.empty() && *end)
    return Status::error(spec + ": bad column selection '" + sel + "'");
  if (colon == std::string::npos) {
    options.columnEnd = options.columnBegin == -1 ? kCsvEnd : options.columnBegin + 1;
    return Status::success();
  }
  std::string last = sel.substr(colon + 1);
  options.columnEnd = last.empty() ? kCsvEnd : std::strtoll(last.c_str(), &end, 10);
  if (!last.empty() && *end)
    return Status::error(spec + ": bad column selection '" + sel + "'");
  return Status::success();
}

/// Reads `spec` (.npy, or .csv with an optional column selection) into the
/// memory of `target`, which it must match in dtype and element layout.
Status loadInto(const std::string &what, const std::string &spec, const TensorView &target,
                size_t targetBytes) {
  HostTensor file;
  std::string path = spec;
  // "data.csv" as it is, or "data.csv#SELECTION"; a '#' may also be part of a name.
  bool csv = endsWith(spec, ".csv") || endsWith(spec.substr(0, spec.rfind('#')), ".csv");
  if (endsWith(spec, ".csv")) {
    CsvReadOptions options;
    options.dtype = target.dtype;
    if (target.dtype != DType::F64 && target.dtype != DType::F32)
      return Status::error(what + " is " + typeText(target) + "; CSV gives f64 or f32 only");
    if (Status s = readCsv(spec, options, file); !s)
      return s;
  } else if (csv) {
    CsvReadOptions options;
    options.dtype = target.dtype;
    if (Status s = parseCsvSelection(spec, path, options); !s)
      return s;
    if (target.dtype != DType::F64 && target.dtype != DType::F32)
      return Status::error(what + " is " + typeText(target) + "; CSV gives f64 or f32 only");
    if (Status s = readCsv(path, options, file); !s)
      return s;
  } else if (Status s = readNpy(spec, file); !s) {
    return s;
  }
  if (file.view.dtype != target.dtype || !sameLayout(file.view, target) ||
      file.bytes.size() != targetBytes)
    return Status::error(what + " is " + typeText(target) + ", but " + spec + " holds " +
                         typeText(file.view));
  std::memcpy(target.data, file.bytes.data(), targetBytes);
  return Status::success();
}

Status save(const std::string &path, const TensorView &t) {
  return endsWith(path, ".csv") ? writeCsv(path, t) : writeNpy(path, t);
}

/// The tensor of `plan` named `name` among `indices`, or "#K" for the K-th.
int findNamed(const Plan &plan, const uint32_t *indices, uint32_t count, const std::string &name) {
  if (name.size() > 1 && name[0] == '#') {
    char *end = nullptr;
    long k = std::strtol(name.c_str() + 1, &end, 10);
    return *end == 0 && k >= 0 && k < long(count) ? int(k) : -1;
  }
  for (uint32_t k = 0; k < count; ++k)
    if (plan.string(plan.tensors()[indices[k]].name) == name)
      return static_cast<int>(k);
  return -1;
}

void listPlan(const Plan &plan) {
  auto show = [&](const char *label, uint32_t start, uint32_t count) {
    for (uint32_t k = 0; k < count; ++k) {
      uint32_t t = plan.indices()[start + k];
      std::printf("  %s %%%s: %s\n", label, std::string(plan.string(plan.tensors()[t].name)).c_str(),
                  typeText(plan.typeOf(t)).c_str());
    }
  };
  for (const plan::EntryRecord &e : plan.entries()) {
    std::printf("entry @%s (%u steps)\n", std::string(plan.string(e.name)).c_str(), e.stepCount);
    show("input ", e.inputStart, e.inputCount);
    show("output", e.outputStart, e.outputCount);
  }
  for (uint32_t t = 0; t < plan.tensors().size(); ++t)
    if (plan.tensors()[t].storage == uint8_t(plan::Storage::State))
      std::printf("state @%s: %s\n", std::string(plan.string(plan.tensors()[t].name)).c_str(),
                  typeText(plan.typeOf(t)).c_str());
}

int findState(const Plan &plan, const std::string &name) {
  for (uint32_t t = 0; t < plan.tensors().size(); ++t)
    if (plan.tensors()[t].storage == uint8_t(plan::Storage::State) &&
        plan.string(plan.tensors()[t].name) == name)
      return static_cast<int>(t);
  return -1;
}

} // namespace

int main(int argc, char **argv) {
  RunOptions options;
  std::string error;
  if (!parseRunOptions(argc, argv, options, error))
    return fail(error);
  if (options.help) {
    std::fputs(kRunUsage, stdout);
    return 0;
  }
  if (options.version) {
    std::printf("thymos-run (Thymos) %s\n", THYMOS_VERSION_STRING);
    return 0;
  }

  std::unique_ptr<Plan> plan;
  if (Status s = Plan::load(options.planPath, plan); !s)
    return fail(s.message());
  if (options.list) {
    listPlan(*plan);
    return 0;
  }

  int entry = 0;
  if (!options.entry.empty()) {
    entry = plan->findEntry(options.entry);
    if (entry < 0)
      return fail("the plan has no entry @" + options.entry + " (see --list)");
  } else if (plan->entries().empty()) {
    return fail("the plan has no entries");
  } else if (plan->entries().size() != 1) {
    return fail("the plan has " + std::to_string(plan->entries().size()) +
                " entries; choose one with --entry (see --list)");
  }
  const plan::EntryRecord &e = plan->entries()[entry];

  ThreadPool threads(options.threads);
  std::unique_ptr<Executor> executor;
  if (Status s = Executor::create(*plan, &threads, executor); !s)
    return fail(s.message());
  const uint32_t *inputs = executor->entryInputs(entry);
  const uint32_t *outputs = executor->entryOutputs(entry);

  std::vector<bool> bound(e.inputCount, false);
  for (const Binding &b : options.inputs) {
    int k = findNamed(*plan, inputs, e.inputCount, b.name);
    if (k < 0)
      return fail("entry @" + std::string(plan->string(e.name)) + " has no input %" + b.name +
                  " (see --list)");
    if (Status s = loadInto("input %" + b.name, b.path, executor->view(inputs[k]),
                            plan->tensors()[inputs[k]].bytes);
        !s)
      return fail(s.message());
    bound[k] = true;
  }
  for (uint32_t k = 0; k < e.inputCount; ++k)
    if (!bound[k]) {
      const plan::TensorRecord &t = plan->tensors()[inputs[k]];
      return fail("input %" + std::string(plan->string(t.name)) + " (" +
                  typeText(plan->typeOf(inputs[k])) + ") is not given; pass --input " +
                  std::string(plan->string(t.name)) + "=FILE");
    }
  for (const Binding &b : options.stateIn) {
    int t = findState(*plan, b.name);
    if (t < 0)
      return fail("the plan has no state @" + b.name + " (see --list)");
    if (Status s = loadInto("state @" + b.name, b.path, executor->view(t), plan->tensors()[t].bytes);
        !s)
      return fail(s.message());
  }

  // The runs. A progress line appears on terminals once a run takes a while.
  auto start = std::chrono::steady_clock::now();
  auto lastReport = start;
  bool reported = false;
  for (uint64_t run = 1; run <= options.repeat; ++run) {
    if (Status s = executor->run(static_cast<uint32_t>(entry)); !s)
      return fail("run " + std::to_string(run) + ": " + s.message());
    auto now = std::chrono::steady_clock::now();
    if (options.repeat > 1 && isatty(STDERR_FILENO) &&
        (now - lastReport > std::chrono::milliseconds(500) || (reported && run == options.repeat))) {
      double seconds = std::chrono::duration<double>(now - start).count();
      std::fprintf(stderr, "\rrun %llu/%llu (%.0f runs/s)", static_cast<unsigned long long>(run),
                   static_cast<unsigned long long>(options.repeat), run / seconds);
      lastReport = now;
      reported = true;
    }
  }
  if (reported)
    std::fputc('\n', stderr);

  std::vector<bool> written(e.outputCount, false);
  for (const Binding &b : options.outputs) {
    int k = findNamed(*plan, outputs, e.outputCount, b.name);
    if (k < 0)
      return fail("entry @" + std::string(plan->string(e.name)) + " has no output %" + b.name +
                  " (see --list)");
    if (Status s = save(b.path, executor->view(outputs[k])); !s)
      return fail(s.message());
    written[k] = true;
  }
  for (const Binding &b : options.stateOut) {
    int t = findState(*plan, b.name);
    if (t < 0)
      return fail("the plan has no state @" + b.name + " (see --list)");
    if (Status s = save(b.path, executor->view(t)); !s)
      return fail(s.message());
  }
  for (uint32_t k = 0; k < e.outputCount; ++k)
    if (!written[k])
      printTensor(stdout, std::string(plan->string(plan->tensors()[outputs[k]].name)),
                  executor->view(outputs[k]));
  return 0;
}
