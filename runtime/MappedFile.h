//===- MappedFile.h - A read-only memory mapping of a whole file -------------===//
#pragma once

#include "runtime/Status.h"

#include <cstddef>
#include <memory>
#include <string>

namespace thymos::rt {

class MappedFile {
public:
  ~MappedFile();
  MappedFile(const MappedFile &) = delete;
  MappedFile &operator=(const MappedFile &) = delete;

  static Status open(const std::string &path, std::unique_ptr<MappedFile> &out);

  const unsigned char *data() const { return static_cast<const unsigned char *>(data_); }
  size_t size() const { return size_; }

private:
  MappedFile() = default;
  void *data_ = nullptr;
  size_t size_ = 0;
};

} // namespace thymos::rt
