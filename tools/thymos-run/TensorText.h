//===- TensorText.h - Tensors printed for people -------------------------------===//
#pragma once

#include "runtime/Tensor.h"

#include <cstdio>
#include <string>

namespace thymos::run {

/// `f32[64,1]`.
std::string typeText(const rt::TensorView &t);

/// How one element reads: as text for people (`nan`, `?` for a type with no
/// per-element text), or as a JSON value (`"nan"`, `"-inf"`, `null`).
enum class ElementStyle { Text, Json };
std::string elementText(const rt::TensorView &t, int64_t index, ElementStyle style);

/// "%name: f32[2,2] = [[1, 2], [3, 4]]", eliding the middle of long axes.
void printTensor(std::FILE *out, const std::string &name, const rt::TensorView &t);

} // namespace thymos::run
