//===- Status.h - Success or an error message, without exceptions -----------===//
//
// The runtime reports every failure as a Status: no exceptions cross its
// boundary and nothing aborts. Only the error path allocates (the message).
//
//===----------------------------------------------------------------------===//
#pragma once

#include <string>
#include <utility>

namespace thymos::rt {

class [[nodiscard]] Status {
public:
  static Status success() { return Status(); }
  static Status error(std::string message) {
    Status s;
    s.failed_ = true;
    s.message_ = std::move(message);
    return s;
  }

  bool ok() const { return !failed_; }
  explicit operator bool() const { return !failed_; }
  const std::string &message() const { return message_; }

private:
  bool failed_ = false;
  std::string message_;
};

} // namespace thymos::rt
