//===- ThyWriter.h - Writing .thy modules from code --------------------------===//
//
// The fitting tool emits its models as .thy text. ThyGraph keeps track of
// value names and types so that every op line carries its full
// `(domain) -> codomain`, and formats constants with the fewest digits that
// read back to the same double, so a model survives the text round trip
// bit for bit. Every tensor here is f64.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace thymos::ml {

struct ThyValue {
  std::string name; ///< without the '%'
  std::vector<int64_t> shape;

  std::string type() const;
  int64_t elements() const;
};

class ThyGraph {
public:
  explicit ThyGraph(std::string name) : name_(std::move(name)) {}

  ThyValue argument(const std::string &name, std::vector<int64_t> shape);
  /// `%result = opName operands {attrs} : (operand types) -> shape`.
  ThyValue op(const std::string &result, const std::string &opName,
              const std::vector<ThyValue> &operands, std::vector<int64_t> shape,
              const std::string &attrs = "");
  /// A constant tensor; `values` in row-major order, one row per line.
  ThyValue constant(const std::string &result, std::vector<int64_t> shape,
                    const std::vector<double> &values);
  /// A constant whose every element is `value` (`const {value = v}`).
  ThyValue splat(const std::string &result, std::vector<int64_t> shape, double value);
  void comment(const std::string &text);
  void returns(const std::vector<ThyValue> &values);

  std::string text() const;

private:
  std::string name_;
  std::vector<ThyValue> arguments_;
  std::vector<ThyValue> results_;
  std::string body_;
};

/// A module: a comment block, `module @name`, then the graphs.
std::string thyModule(const std::string &name, const std::string &comment,
                      const std::vector<ThyGraph> &graphs);

/// The shortest text that reads back as exactly `v` (a valid .thy number).
std::string thyNumber(double v);

} // namespace thymos::ml
