//===- Quantize.cpp - `thymos-gguf quantize` and `quant-error` -------------===//

#include "Quantize.h"
#include "TensorRows.h"

#include "runtime/gguf/File.h"
#include "runtime/gguf/Writer.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace thymos::gguf_tool {

namespace {

using gguf::GgmlType;

/// Sums of squares over some rows: of the reference, and of the difference.
struct ErrorSums {
  double reference = 0, difference = 0;
  void add(const ErrorSums &o) {
    reference += o.reference;
    difference += o.difference;
  }
  double relative() const { return reference > 0 ? std::sqrt(difference / reference) : 0; }
};

ErrorSums compareRows(const float *reference, const float *other, uint64_t n) {
  ErrorSums sums;
  for (uint64_t i = 0; i < n; ++i) {
    const double d = double(other[i]) - reference[i];
    sums.reference += double(reference[i]) * reference[i];
    sums.difference += d * d;
  }
  return sums;
}

/// Runs body(part, first, last) over [0, rows) in at most `threads`
/// contiguous parts, and returns the number of parts.
template <typename Body> uint64_t parallelRows(uint64_t rows, unsigned threads, Body body) {
  const uint64_t parts = std::max<uint64_t>(1, std::min<uint64_t>(threads, rows));
  std::vector<std::thread> workers;
  for (uint64_t p = 1; p < parts; ++p)
    workers.emplace_back(body, p, rows * p / parts, rows * (p + 1) / parts);
  body(0, 0, rows / parts);
  for (std::thread &w : workers)
    w.join();
  return parts;
}

/// One tensor converted from `from` to `to`, row by row, with the error of
/// the conversion added to `error`.
void convertTensor(const gguf::TensorInfo &info, const unsigned char *src, GgmlType from,
                   GgmlType to, unsigned char *out, unsigned threads, ErrorSums &error) {
  const uint64_t n = info.dims[0], rows = info.elements / n;
  const uint64_t inBytes = rowBytes(from, n), outBytes = rowBytes(to, n);
  std::vector<ErrorSums> parts(std::max(1u, threads)); // each thread its own
  parallelRows(rows, threads, [&](uint64_t part, uint64_t first, uint64_t last) {
    std::vector<float> row(n), back(n);
    for (uint64_t r = first; r < last; ++r) {
      rowToFloat(from, src + r * inBytes, row.data(), n);
      rowFromFloat(to, row.data(), out + r * outBytes, n);
      rowToFloat(to, out + r * outBytes, back.data(), n);
      parts[part].add(compareRows(row.data(), back.data(), n));
    }
  });
  for (const ErrorSums &p : parts)
    error.add(p);
}

std::string shapeText(const std::vector<uint64_t> &dims) {
  std::string s = "[";
  for (size_t i = 0; i < dims.size(); ++i)
    s += (i ? "," : "") + std::to_string(dims[i]);
  return s + "]";
}

std::string mib(uint64_t bytes) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2f MiB", double(bytes) / (1024.0 * 1024.0));
  return text;
}

} // namespace

rt::Status quantizeModel(const QuantizeOptions &o) {
  std::unique_ptr<gguf::File> file;
  if (rt::Status s = gguf::File::open(o.input, file); !s)
    return s;
  const gguf::Value *arch = file->find("general.architecture");
  const std::string prefix = arch && arch->toString() ? std::string(*arch->toString()) + "." : "";
  const gguf::Value *blocks = file->find(prefix + "block_count");
  const uint64_t layers = blocks && blocks->toUInt() ? *blocks->toUInt() : 0;
  const bool tied = file->findTensor("output.weight") == nullptr;

  gguf::Writer w(3);
  w.setAlignment(file->alignment());
  for (const gguf::KeyValue &kv : file->metadata())
    if (kv.key != "general.file_type" && kv.key != "general.quantization_version")
      w.add(kv.key, gguf::encodeValue(kv.value));
  w.add("general.file_type", gguf::encodeUInt32(o.scheme->fileType));
  w.add("general.quantization_version", gguf::encodeUInt32(2));

  const unsigned threads = o.threads ? o.threads : std::max(1u, std::thread::hardware_concurrency());
  const size_t count = file->tensors().size();
  uint64_t bytesIn = 0, bytesOut = 0;
  auto total = std::make_shared<ErrorSums>();
  for (size_t index = 0; index < count; ++index) {
    const gguf::TensorInfo &info = file->tensors()[index];
    const auto from = static_cast<GgmlType>(info.type);
    const TensorPlace place{info.name, info.dims[0], static_cast<uint32_t>(info.dims.size()),
                            layers, tied};
    const GgmlType to = typeForTensor(*o.scheme, place, from);
    if (to != from && !convertible(from))
      return rt::Status::error(o.input + ": tensor '" + info.name + "' is " + typeName(from) +
                               ", which quantize cannot read (F32, F16, BF16, Q8_0, Q4_0, "
                               "Q4_K, Q5_K, Q6_K)");
    bytesIn += info.bytes;
    bytesOut += info.elements / info.dims[0] * rowBytes(to, info.dims[0]);
    const unsigned char *src = file->tensorData(info);
    const std::string line = "[" + std::to_string(index + 1) + "/" + std::to_string(count) +
                             "] " + info.name + " " + typeName(from) + " " +
                             shapeText(info.dims) + " -> " + typeName(to);
    w.addTensor(info.name, info.dims, to,
                [=, &info, quiet = o.quiet](unsigned char *out, uint64_t bytes) {
                  if (to == from) {
                    std::memcpy(out, src, bytes);
                  } else {
                    ErrorSums error;
                    convertTensor(info, src, from, to, out, threads, error);
                    total->add(error);
                    if (!quiet)
                      std::fprintf(stderr, "%s  rel. RMS error %.5f\n", line.c_str(),
                                   error.relative());
                    return;
                  }
                  if (!quiet)
                    std::fprintf(stderr, "%s  (copied)\n", line.c_str());
                });
  }
  if (rt::Status s = w.writeFile(o.output); !s)
    return s;
  std::fprintf(stderr, "%s: %s -> %s (%s), relative RMS error of the converted weights %.5f\n",
               o.output.c_str(), mib(bytesIn).c_str(), mib(bytesOut).c_str(), o.scheme->name,
               total->relative());
  return rt::Status::success();
}

rt::Status printQuantError(const std::string &referencePath, const std::string &otherPath) {
  std::unique_ptr<gguf::File> reference, other;
  if (rt::Status s = gguf::File::open(referencePath, reference); !s)
    return s;
  if (rt::Status s = gguf::File::open(otherPath, other); !s)
    return s;
  ErrorSums total;
  std::printf("%-32s %-6s %-6s %s\n", "tensor", "ref", "type", "rel. RMS error");
  for (const gguf::TensorInfo &info : other->tensors()) {
    if (info.dims.size() < 2)
      continue;
    const gguf::TensorInfo *ref = reference->findTensor(info.name);
    const auto refType = ref ? static_cast<GgmlType>(ref->type) : GgmlType::F32;
    const auto type = static_cast<GgmlType>(info.type);
    if (!ref || ref->dims != info.dims)
      return rt::Status::error(otherPath + ": tensor '" + info.name + "' has no counterpart of "
                               "its shape in " + referencePath);
    if (!readable(refType) || !readable(type))
      return rt::Status::error("tensor '" + info.name + "': types " + typeName(refType) + " and " +
                               typeName(type) + " cannot both be read");
    const uint64_t n = info.dims[0], rows = info.elements / n;
    std::vector<float> a(n), b(n);
    ErrorSums sums;
    for (uint64_t r = 0; r < rows; ++r) {
      rowToFloat(refType, reference->tensorData(*ref) + r * rowBytes(refType, n), a.data(), n);
      rowToFloat(type, other->tensorData(info) + r * rowBytes(type, n), b.data(), n);
      sums.add(compareRows(a.data(), b.data(), n));
    }
    total.add(sums);
    std::printf("%-32s %-6s %-6s %.6f\n", info.name.c_str(), typeName(refType), typeName(type),
                sums.relative());
  }
  std::printf("%-32s %-6s %-6s %.6f\n", "all matrices", "", "", total.relative());
  return rt::Status::success();
}

int quantizeCommand(const std::vector<std::string> &args) {
  auto fail = [](const std::string &message) {
    std::fprintf(stderr, "thymos-gguf: error: %s\n", message.c_str());
    return 1;
  };
  QuantizeOptions o;
  std::vector<std::string> positional;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string &arg = args[i];
    if (arg == "--quiet") {
      o.quiet = true;
    } else if (arg == "--threads") {
      if (i + 1 == args.size())
        return fail("--threads needs a value");
      const std::string &value = args[++i];
      char *end = nullptr;
      const unsigned long n = std::strtoul(value.c_str(), &end, 10);
      if (value.empty() || *end || n == 0 || n > 1024)
        return fail("--threads expects a count from 1 to 1024, got '" + value + "'");
      o.threads = static_cast<unsigned>(n);
    } else if (arg.size() > 1 && arg[0] == '-') {
      return fail("unknown option '" + arg + "' for quantize (see --help)");
    } else {
      positional.push_back(arg);
    }
  }
  if (positional.size() != 3)
    return fail("quantize takes IN.gguf OUT.gguf SCHEME (see --help)");
  o.input = positional[0];
  o.output = positional[1];
  o.scheme = findQuantScheme(positional[2]);
  if (!o.scheme)
    return fail("unknown scheme '" + positional[2] + "' (one of " + quantSchemeNames() + ")");
  if (o.input == o.output)
    return fail("quantize would overwrite its input '" + o.input + "'");
  if (rt::Status s = quantizeModel(o); !s)
    return fail(s.message());
  return 0;
}

int quantErrorCommand(const std::vector<std::string> &args) {
  if (args.size() != 2 || args[0][0] == '-' || args[1][0] == '-') {
    std::fprintf(stderr, "thymos-gguf: error: quant-error takes REFERENCE.gguf OTHER.gguf\n");
    return 1;
  }
  if (rt::Status s = printQuantError(args[0], args[1]); !s) {
    std::fprintf(stderr, "thymos-gguf: error: %s\n", s.message().c_str());
    return 1;
  }
  return std::fflush(stdout) == 0 ? 0 : 1;
}

} // namespace thymos::gguf_tool
