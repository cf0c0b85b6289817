//===- ThymosRun.cpp - Run a compiled plan on the CPU --------------------------===//
//
//   thymos-run plan.bin --input x=x.npy --output y=y.npy
//   thymos-run plan.bin --dump          the plan, readably (runtime/PlanDump.h)
//
// Links the runtime only. Every problem (bad plan, bad input file, a kernel
// error at run time, output that cannot be written) is one line on stderr and
// exit status 1.
//
//===----------------------------------------------------------------------===//

#include "Json.h"
#include "RunOptions.h"
#include "TensorText.h"

#include "runtime/Executor.h"
#include "runtime/MappedFile.h"
#include "runtime/PlanDump.h"
#include "runtime/cpu/ThreadPool.h"
#include "runtime/io/Csv.h"
#include "runtime/io/File.h"
#include "runtime/io/Npy.h"
#include "thymos/Version.h"

#include <cerrno>
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

/// What standard input holds, read once by whichever of the plan and the
/// input files is "-".
struct StandardInput {
  std::string bytes;
  bool read = false;

  Status take(const std::string &what) {
    if (read)
      return Status::error(what + ": standard input is read only once, and an earlier "
                                  "'-' took it");
    read = true;
    return io::readStandardInput(bytes);
  }
};

/// Reads `spec` (.npy, or .csv with an optional column selection; "-" for
/// standard input, .npy or CSV by its first bytes) into the memory of
/// `target`, which it must match in dtype and element layout.
Status loadInto(const std::string &what, const std::string &spec, const TensorView &target,
                size_t targetBytes, StandardInput &stdinBytes) {
  HostTensor file;
  // "data.csv" as it is, or "data.csv#SELECTION" ("-#SELECTION" for standard
  // input); a '#' may also be part of a name.
  std::string path = spec;
  std::string_view selection;
  size_t hash = spec.rfind('#');
  bool selected = false;
  if (!endsWith(spec, ".csv") && hash != std::string::npos &&
      (endsWith(spec.substr(0, hash), ".csv") || spec.compare(0, hash, "-") == 0)) {
    path = spec.substr(0, hash);
    selection = std::string_view(spec).substr(hash + 1);
    selected = true;
  }
  bool fromStdin = path == "-";
  bool csv = endsWith(path, ".csv") || selected;
  if (fromStdin) {
    if (Status s = stdinBytes.take(what); !s)
      return s;
    csv = csv || stdinBytes.bytes.compare(0, 6, "\x93NUMPY") != 0;
  }
  if (csv) {
    CsvReadOptions options;
    options.dtype = target.dtype;
    if (selected)
      if (Status s = parseCsvColumns(selection, spec, options); !s)
        return s;
    if (target.dtype != DType::F64 && target.dtype != DType::F32)
      return Status::error(what + " is " + typeText(target) + "; CSV gives f64 or f32 only");
    Status s = fromStdin ? parseCsv(stdinBytes.bytes, "<stdin>", options, file)
                         : readCsv(path, options, file);
    if (!s)
      return s;
  } else if (Status s = fromStdin ? parseNpy(reinterpret_cast<const unsigned char *>(
                                                 stdinBytes.bytes.data()),
                                             stdinBytes.bytes.size(), "<stdin>", file)
                                  : readNpy(spec, file);
             !s) {
    return s;
  }
  if (file.view.dtype != target.dtype || !sameLayout(file.view, target) ||
      file.bytes.size() != targetBytes)
    return Status::error(what + " is " + typeText(target) + ", but " +
                         (fromStdin ? std::string("standard input") : spec) + " holds " +
                         typeText(file.view));
  std::memcpy(target.data, file.bytes.data(), targetBytes);
  return Status::success();
}

/// Writes `t` to `path` (.npy, or .csv by the name); "-" is .npy and "-.csv"
/// CSV on standard output, where .npy is refused on a terminal.
Status save(const std::string &path, const TensorView &t) {
  bool csv = endsWith(path, ".csv");
  if (path != "-" && path != "-.csv")
    return csv ? writeCsv(path, t) : writeNpy(path, t);
  if (!csv && isatty(STDOUT_FILENO))
    return Status::error("refusing to write .npy to a terminal; redirect standard output, or "
                         "write CSV with -.csv");
  std::string text;
  std::vector<unsigned char> bytes;
  if (Status s = csv ? encodeCsv(t, {}, text) : encodeNpy(t, bytes); !s)
    return Status::error("standard output: " + s.message());
  const void *data = csv ? static_cast<const void *>(text.data()) : bytes.data();
  size_t size = csv ? text.size() : bytes.size();
  if (std::fwrite(data, 1, size, stdout) != size)
    return Status::error(std::string("standard output: write failed: ") + std::strerror(errno));
  return Status::success();
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

using Clock = std::chrono::steady_clock;

double millisecondsSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

/// The plan at `path` ("-": standard input, whose bytes `stdinBytes` keeps
/// for --dump).
Status loadPlan(const std::string &path, const LoadOptions &options, StandardInput &stdinBytes,
                std::unique_ptr<Plan> &plan) {
  if (path != "-")
    return Plan::load(path, plan, options);
  if (isatty(STDIN_FILENO))
    return Status::error("refusing to read a binary plan from a terminal; redirect standard "
                         "input (thymos-run - < plan.bin)");
  if (Status s = stdinBytes.take("the plan"); !s)
    return s;
  return Plan::loadFromMemory(stdinBytes.bytes.data(), stdinBytes.bytes.size(), "<stdin>", plan,
                              options);
}

Status dump(const std::string &path, const Plan &plan, const StandardInput &stdinBytes) {
  std::unique_ptr<MappedFile> file;
  const void *bytes = stdinBytes.bytes.data();
  size_t size = stdinBytes.bytes.size();
  if (path != "-") {
    if (Status s = MappedFile::open(path, file); !s)
      return s;
    bytes = file->data();
    size = file->size();
  }
  std::string name = path == "-" ? "<stdin>" : path;
  std::string text = "plan " + name + "\n";
  if (Status s = dumpPlan(plan, bytes, size, text); !s)
    return Status::error(name + ": " + s.message());
  std::fputs(text.c_str(), stdout);
  return Status::success();
}

/// --time: what llama.cpp's timing summary shows, per step of the entry.
void printTimes(const Plan &plan, uint32_t entry, double loadMs, double inputMs, double runMs,
                uint64_t runs, const std::vector<uint64_t> &stepNanos, double outputMs) {
  const plan::EntryRecord &e = plan.entries()[entry];
  std::fprintf(stderr, "thymos-run: load    %10.3f ms (plan and arena)\n", loadMs);
  std::fprintf(stderr, "thymos-run: inputs  %10.3f ms\n", inputMs);
  std::fprintf(stderr, "thymos-run: entry   %10.3f ms for %llu run%s of @%s, %.3f ms per run\n",
               runMs, static_cast<unsigned long long>(runs), runs == 1 ? "" : "s",
               std::string(plan.string(e.name)).c_str(), runs ? runMs / double(runs) : 0.0);
  std::fprintf(stderr, "thymos-run: outputs %10.3f ms\n", outputMs);
  uint64_t total = 0;
  for (uint64_t ns : stepNanos)
    total += ns;
  std::fprintf(stderr, "thymos-run: %5s  %-20s %12s %7s\n", "step", "op", "ms per run", "share");
  for (uint32_t i = 0; i < e.stepCount; ++i) {
    const char *op = opKindName(static_cast<OpKind>(plan.steps()[e.stepStart + i].opcode));
    double ms = runs ? double(stepNanos[i]) / 1e6 / double(runs) : 0.0;
    double share = total ? 100.0 * double(stepNanos[i]) / double(total) : 0.0;
    std::fprintf(stderr, "thymos-run: %5u  %-20s %12.4f %6.1f%%\n", i, op, ms, share);
  }
}

/// Success, after checking that everything written to standard output got there.
int finish() {
  if (Status s = io::closeStandardOutput(); !s)
    return fail(s.message());
  return 0;
}

} // namespace

int main(int argc, char **argv) {
  RunOptions options;
  std::string error;
  if (!parseRunOptions(argc, argv, options, error))
    return fail(error);
  if (options.help) {
    std::fputs(kRunUsage, stdout);
    return finish();
  }
  if (options.version) {
    std::printf("thymos-run (Thymos) %s\n", THYMOS_VERSION_STRING);
    return finish();
  }

  auto loadStart = Clock::now();
  StandardInput stdinBytes;
  std::unique_ptr<Plan> plan;
  LoadOptions load;
  load.verifyWeights = options.verifyWeights;
  if (Status s = loadPlan(options.planPath, load, stdinBytes, plan); !s)
    return fail(s.message());
  if (options.dump) {
    if (Status s = dump(options.planPath, *plan, stdinBytes); !s)
      return fail(s.message());
    return finish();
  }
  if (options.list) {
    if (options.json)
      std::fputs(jsonListing(*plan).c_str(), stdout);
    else
      listPlan(*plan);
    return finish();
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
  double loadMs = millisecondsSince(loadStart);

  auto inputStart = Clock::now();
  std::vector<bool> bound(e.inputCount, false);
  for (const Binding &b : options.inputs) {
    int k = findNamed(*plan, inputs, e.inputCount, b.name);
    if (k < 0)
      return fail("entry @" + std::string(plan->string(e.name)) + " has no input %" + b.name +
                  " (see --list)");
    if (Status s = loadInto("input %" + b.name, b.path, executor->view(inputs[k]),
                            plan->tensors()[inputs[k]].bytes, stdinBytes);
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
    if (Status s = loadInto("state @" + b.name, b.path, executor->view(t),
                            plan->tensors()[t].bytes, stdinBytes);
        !s)
      return fail(s.message());
  }
  double inputMs = millisecondsSince(inputStart);

  // The runs. A progress line appears on terminals once a run takes a while.
  // --time collects step times into storage allocated here, before the loop.
  std::vector<uint64_t> stepNanos(options.time ? e.stepCount : 0, 0);
  auto start = Clock::now();
  auto lastReport = start;
  bool reported = false;
  for (uint64_t run = 1; run <= options.repeat; ++run) {
    if (Status s = executor->run(static_cast<uint32_t>(entry),
                                 options.time ? stepNanos.data() : nullptr);
        !s)
      return fail("run " + std::to_string(run) + ": " + s.message());
    auto now = Clock::now();
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
  double runMs = millisecondsSince(start);

  auto outputStart = Clock::now();
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
  if (!options.stateOut.empty())
    if (Status s = executor->fetchState(); !s) // a device plan's state, to the host
      return fail(s.message());
  for (const Binding &b : options.stateOut) {
    int t = findState(*plan, b.name);
    if (t < 0)
      return fail("the plan has no state @" + b.name + " (see --list)");
    if (Status s = save(b.path, executor->view(t)); !s)
      return fail(s.message());
  }
  std::string json;
  for (uint32_t k = 0; k < e.outputCount; ++k) {
    if (written[k])
      continue;
    std::string name(plan->string(plan->tensors()[outputs[k]].name));
    if (options.json)
      json += (json.empty() ? "\n  " : ",\n  ") + jsonTensor(name, executor->view(outputs[k]));
    else
      printTensor(stdout, name, executor->view(outputs[k]));
  }
  if (options.json)
    std::printf("{\"entry\": %s, \"outputs\": [%s]}\n",
                jsonString(plan->string(e.name)).c_str(), json.c_str());
  double outputMs = millisecondsSince(outputStart);
  if (options.time)
    printTimes(*plan, static_cast<uint32_t>(entry), loadMs, inputMs, runMs, options.repeat,
               stepNanos, outputMs);
  return finish();
}
