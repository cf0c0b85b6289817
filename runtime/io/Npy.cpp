//===- Npy.cpp - Reading and writing NumPy .npy files ------------------------===//
//
// Layout: "\x93NUMPY", major, minor, header length (u16 LE for 1.0, u32 LE
// for 2.0 and 3.0), the header (a Python dict literal padded with spaces and
// a newline), then the data. The header grammar accepted here is the subset
// of Python literal syntax NumPy writes and ast.literal_eval accepts for it:
// quoted keys and strings, True/False, and int tuples with optional spaces
// and trailing commas.
//
//===----------------------------------------------------------------------===//
#include "runtime/io/Npy.h"

#include "runtime/CheckedSize.h"
#include "runtime/io/File.h"

#include <cctype>
#include <cstring>
#include <string_view>

// The data section is copied byte for byte, which is only right where the
// host's byte order is the files' (little-endian) one.
static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
              "the .npy reader and writer assume a little-endian host");

namespace thymos::rt {
namespace {

constexpr unsigned char kMagic[6] = {0x93, 'N', 'U', 'M', 'P', 'Y'};
// NumPy aligns the start of the data to this many bytes.
constexpr size_t kDataAlign = 64;
// The longest key or descr string the header parser accepts.
constexpr size_t kMaxString = 32;

struct DescrEntry {
  const char *descr;
  DType dtype;
};
// The first entry per dtype is the one the writer uses.
constexpr DescrEntry kDescrs[] = {
    {"<f8", DType::F64}, {"<f4", DType::F32}, {"<f2", DType::F16},
    {"<i4", DType::I32}, {"|i1", DType::I8},  {"<i1", DType::I8},
};

const char *descrOf(DType dtype) {
  for (const DescrEntry &e : kDescrs)
    if (e.dtype == dtype)
      return e.descr;
  return nullptr;
}

std::string shapeText(uint32_t rank, const int64_t *dims) {
  std::string s = "(";
  for (uint32_t i = 0; i < rank; ++i) {
    if (i > 0)
      s += ", ";
    s += std::to_string(dims[i]);
  }
  return s + (rank == 1 ? ",)" : ")");
}

// What the header says about the array.
struct NpyHeader {
  std::string descr;
  DType dtype = DType::F64;
  uint32_t rank = 0;
  int64_t dims[kMaxRank] = {};
  size_t dataBytes = 0;
};

// A recursive-descent parser for the header dict. Positions in messages are
// byte offsets from the start of the file.
class HeaderParser {
public:
  HeaderParser(std::string_view text, size_t fileOffset, const std::string &name)
      : text_(text), base_(fileOffset), name_(name) {}

  Status parse(NpyHeader &h) {
    bool haveDescr = false, haveOrder = false, haveShape = false;
    bool fortranOrder = false;
    skipSpace();
    if (!consume('{'))
      return fail("expected '{'");
    skipSpace();
    while (!consume('}')) {
      size_t keyPos = pos_;
      std::string key;
      if (Status s = parseString(key, "a quoted key or '}'"); !s)
        return s;
      skipSpace();
      if (!consume(':'))
        return fail("expected ':' after '" + key + "'");
      skipSpace();
      bool *seen = key == "descr"           ? &haveDescr
                   : key == "fortran_order" ? &haveOrder
                   : key == "shape"         ? &haveShape
                                            : nullptr;
      if (!seen)
        return failAt(keyPos, "unexpected key '" + key + "'");
      if (*seen)
        return failAt(keyPos, "duplicate '" + key + "' key");
      *seen = true;
      Status s = key == "descr"           ? parseString(h.descr, "a string for 'descr'")
                 : key == "fortran_order" ? parseBool(fortranOrder)
                                          : parseShape(h);
      if (!s)
        return s;
      skipSpace();
      if (consume(',')) {
        skipSpace();
        continue;
      }
      if (!consume('}'))
        return fail("expected ',' or '}'");
      break;
    }
    skipSpace();
    if (pos_ != text_.size())
      return fail("unexpected text after '}'");
    if (!haveDescr)
      return missing("descr");
    if (!haveOrder)
      return missing("fortran_order");
    if (!haveShape)
      return missing("shape");
    if (fortranOrder)
      return Status::error(name_ + ": fortran_order is True; only C-order arrays are supported");
    return Status::success();
  }

private:
  Status fail(const std::string &what) { return failAt(pos_, what); }
  Status failAt(size_t pos, const std::string &what) {
    return Status::error(name_ + ": header: " + what + " at byte " +
                         std::to_string(base_ + pos));
  }
  Status missing(const char *key) {
    return Status::error(name_ + ": header: expected '" + key + "' key");
  }

  bool atEnd() const { return pos_ >= text_.size(); }
  char peek() const { return atEnd() ? '\0' : text_[pos_]; }
  bool consume(char c) {
    if (atEnd() || text_[pos_] != c)
      return false;
    ++pos_;
    return true;
  }
  // Python's whitespace between tokens inside brackets.
  void skipSpace() {
    while (!atEnd() && (text_[pos_] == ' ' || text_[pos_] == '\t' ||
                        text_[pos_] == '\n' || text_[pos_] == '\r' ||
                        text_[pos_] == '\f'))
      ++pos_;
  }

  // A plain quoted string; escapes and prefixes never occur in valid headers.
  Status parseString(std::string &out, const char *expected) {
    char quote = peek();
    if (atEnd() || (quote != '\'' && quote != '"'))
      return fail(std::string("expected ") + expected);
    size_t start = ++pos_;
    while (!atEnd() && text_[pos_] != quote) {
      char c = text_[pos_];
      if (c == '\\' || c == '\n' || static_cast<unsigned char>(c) < 0x20 ||
          static_cast<unsigned char>(c) >= 0x7f)
        return fail("unsupported character in string");
      ++pos_;
    }
    if (atEnd())
      return failAt(start - 1, "unterminated string");
    // Keys and supported descrs are short; a long string would only bloat
    // the message that quotes it.
    if (pos_ - start > kMaxString)
      return failAt(start - 1, "string longer than " + std::to_string(kMaxString) +
                                   " characters");
    out.assign(text_.substr(start, pos_ - start));
    ++pos_;
    return Status::success();
  }

  bool consumeWord(std::string_view word) {
    if (text_.substr(pos_, word.size()) != word)
      return false;
    size_t end = pos_ + word.size();
    // "Truex" is a name, not True.
    if (end < text_.size() && (std::isalnum(static_cast<unsigned char>(text_[end])) ||
                               text_[end] == '_'))
      return false;
    pos_ = end;
    return true;
  }

  Status parseBool(bool &out) {
    if (consumeWord("True")) {
      out = true;
      return Status::success();
    }
    if (consumeWord("False")) {
      out = false;
      return Status::success();
    }
    return fail("expected True or False for 'fortran_order'");
  }

  // A non-negative decimal int as Python writes it: no sign, no leading
  // zeros, no underscores, no 'L' suffix.
  Status parseDim(int64_t &out) {
    size_t start = pos_;
    int64_t v = 0;
    while (!atEnd() && text_[pos_] >= '0' && text_[pos_] <= '9') {
      if (!checkedMul<int64_t>(v, 10, v) || !checkedAdd<int64_t>(v, text_[pos_] - '0', v))
        return failAt(start, "dimension too large");
      ++pos_;
    }
    if (pos_ == start)
      return fail("expected a dimension or ')'");
    if (pos_ - start > 1 && text_[start] == '0')
      return failAt(start, "dimension with a leading zero");
    if (!atEnd() && (std::isalnum(static_cast<unsigned char>(text_[pos_])) ||
                     text_[pos_] == '_' || text_[pos_] == '.'))
      return fail("expected an integer dimension");
    out = v;
    return Status::success();
  }

  // (), (n,), (n, m) and (n, m,); "(n)" is an int in Python, not a tuple.
  Status parseShape(NpyHeader &h) {
    if (!consume('('))
      return fail("expected '(' for 'shape'");
    skipSpace();
    h.rank = 0;
    bool sawComma = false;
    while (!consume(')')) {
      if (h.rank == kMaxRank)
        return fail("shape has more than " + std::to_string(kMaxRank) +
                    " dimensions");
      if (Status s = parseDim(h.dims[h.rank]); !s)
        return s;
      ++h.rank;
      skipSpace();
      sawComma = consume(',');
      skipSpace();
      if (!sawComma) {
        if (!consume(')'))
          return fail("expected ',' or ')' in shape");
        break;
      }
    }
    if (h.rank == 1 && !sawComma)
      return fail("shape '(n)' is not a tuple; expected '(n,)'");
    return Status::success();
  }

  std::string_view text_;
  size_t pos_ = 0;
  size_t base_;
  const std::string &name_;
};

uint32_t loadLE(const unsigned char *p, unsigned n) {
  uint32_t v = 0;
  for (unsigned i = 0; i < n; ++i)
    v |= static_cast<uint32_t>(p[i]) << (8 * i);
  return v;
}

// Checks magic, version and header length. `p` holds the first `avail`
// bytes of a file of `fileSize` bytes. On success the header occupies
// [headerBegin, headerEnd) and lies within the file.
Status parsePreamble(const unsigned char *p, size_t avail, uint64_t fileSize,
                     const std::string &name, size_t &headerBegin,
                     size_t &headerEnd) {
  if (avail < 8 || std::memcmp(p, kMagic, sizeof(kMagic)) != 0)
    return Status::error(name + ": not a .npy file (missing \\x93NUMPY magic)");
  unsigned major = p[6], minor = p[7];
  if (major < 1 || major > 3 || minor != 0)
    return Status::error(name + ": unsupported .npy version " +
                         std::to_string(major) + "." + std::to_string(minor) +
                         " (supported: 1.0, 2.0, 3.0)");
  unsigned lenBytes = major == 1 ? 2 : 4;
  if (avail < 8 + lenBytes)
    return Status::error(name + ": file ends inside the header length");
  uint64_t headerLen = loadLE(p + 8, lenBytes);
  headerBegin = 8 + lenBytes;
  if (headerLen > fileSize - headerBegin)
    return Status::error(name + ": header length " + std::to_string(headerLen) +
                         " runs past the end of the file (" +
                         std::to_string(fileSize) + " bytes)");
  headerEnd = headerBegin + static_cast<size_t>(headerLen);
  return Status::success();
}

// Parses the header text and derives the dtype and the data size, then
// checks that exactly `remaining` bytes of data follow.
Status parseHeader(std::string_view text, size_t headerBegin, uint64_t remaining,
                   const std::string &name, NpyHeader &h) {
  if (Status s = HeaderParser(text, headerBegin, name).parse(h); !s)
    return s;
  const DescrEntry *entry = nullptr;
  for (const DescrEntry &e : kDescrs)
    if (h.descr == e.descr)
      entry = &e;
  if (!entry) {
    if (!h.descr.empty() && h.descr[0] == '>')
      return Status::error(name + ": descr '" + h.descr +
                           "' is big-endian; only little-endian data is supported");
    return Status::error(name + ": unsupported descr '" + h.descr +
                         "' (supported: <f8 <f4 <f2 <i4 |i1)");
  }
  h.dtype = entry->dtype;
  if (!denseByteSize(h.dtype, h.rank, h.dims, h.dataBytes))
    return Status::error(name + ": shape " + shapeText(h.rank, h.dims) +
                         " is too large for " + h.descr);
  if (remaining != h.dataBytes)
    return Status::error(name + ": data is " + std::to_string(remaining) +
                         " bytes, expected " + std::to_string(h.dataBytes) +
                         " for " + h.descr + " " + shapeText(h.rank, h.dims));
  return Status::success();
}

Status allocate(const NpyHeader &h, const std::string &name, HostTensor &out) {
  if (Status s = HostTensor::create(h.dtype, h.rank, h.dims, out); !s)
    return Status::error(name + ": " + s.message());
  return Status::success();
}

// The version 1.0 header for `t`, including magic and length, padded so the
// data starts at a multiple of kDataAlign.
Status buildHeader(const TensorView &t, const std::string &name, std::string &out) {
  const char *descr = descrOf(t.dtype);
  if (!descr)
    return Status::error(name + ": dtype " + std::to_string(static_cast<int>(t.dtype)) +
                         " cannot be written (supported: f64 f32 f16 i32 i8)");
  size_t bytes = 0;
  if (!denseByteSize(t.dtype, t.rank, t.dims, bytes))
    return Status::error(name + ": tensor shape is invalid or too large");
  if (bytes > 0 && !t.data)
    return Status::error(name + ": tensor has no data");
  std::string dict = std::string("{'descr': '") + descr +
                     "', 'fortran_order': False, 'shape': " +
                     shapeText(t.rank, t.dims) + ", }";
  size_t unpadded = sizeof(kMagic) + 2 + 2 + dict.size() + 1; // +1: '\n'
  dict.append((kDataAlign - unpadded % kDataAlign) % kDataAlign, ' ');
  dict += '\n';
  // A rank-8 shape of 19-digit dims stays far below the u16 limit.
  out.assign(reinterpret_cast<const char *>(kMagic), sizeof(kMagic));
  out += '\x01';
  out += '\x00';
  out += static_cast<char>(dict.size() & 0xff);
  out += static_cast<char>(dict.size() >> 8);
  out += dict;
  return Status::success();
}

} // namespace

Status parseNpy(const unsigned char *data, size_t size, const std::string &name,
                HostTensor &out) {
  size_t headerBegin = 0, headerEnd = 0;
  if (Status s = parsePreamble(data, size, size, name, headerBegin, headerEnd); !s)
    return s;
  std::string_view text(reinterpret_cast<const char *>(data) + headerBegin,
                        headerEnd - headerBegin);
  NpyHeader h;
  if (Status s = parseHeader(text, headerBegin, size - headerEnd, name, h); !s)
    return s;
  if (Status s = allocate(h, name, out); !s)
    return s;
  if (h.dataBytes > 0)
    std::memcpy(out.bytes.data(), data + headerEnd, h.dataBytes);
  return Status::success();
}

Status readNpy(const std::string &path, HostTensor &out) {
  io::InputFile file;
  if (Status s = file.open(path); !s)
    return s;
  uint64_t fileSize = file.size();

  unsigned char preamble[12];
  size_t preambleBytes = fileSize < sizeof(preamble) ? fileSize : sizeof(preamble);
  if (Status s = file.read(preamble, preambleBytes); !s)
    return s;
  size_t headerBegin = 0, headerEnd = 0;
  if (Status s = parsePreamble(preamble, preambleBytes, fileSize, path,
                               headerBegin, headerEnd);
      !s)
    return s;
  // A version 1.0 preamble is 10 bytes, so the 12 read may already hold the
  // end of the header or even the start of the data.
  size_t headerLen = headerEnd - headerBegin;
  size_t inPreamble = preambleBytes - headerBegin;
  size_t headerInPreamble = inPreamble < headerLen ? inPreamble : headerLen;
  std::string text(reinterpret_cast<const char *>(preamble) + headerBegin,
                   headerInPreamble);
  text.resize(headerLen);
  if (Status s = file.read(text.data() + headerInPreamble,
                           headerLen - headerInPreamble);
      !s)
    return s;
  size_t dataInPreamble = inPreamble - headerInPreamble;

  NpyHeader h;
  if (Status s = parseHeader(text, headerBegin, fileSize - headerEnd, path, h); !s)
    return s;
  if (Status s = allocate(h, path, out); !s)
    return s;
  if (dataInPreamble > 0)
    std::memcpy(out.bytes.data(), preamble + headerEnd, dataInPreamble);
  if (Status s = file.read(out.bytes.data() + dataInPreamble,
                           h.dataBytes - dataInPreamble);
      !s)
    return s;
  if (!file.atEnd())
    return Status::error(path + ": file grew while being read");
  return Status::success();
}

Status encodeNpy(const TensorView &tensor, std::vector<unsigned char> &out) {
  std::string header;
  if (Status s = buildHeader(tensor, "npy", header); !s)
    return s;
  size_t bytes = 0;
  (void)denseByteSize(tensor.dtype, tensor.rank, tensor.dims, bytes);
  out.assign(header.begin(), header.end());
  const auto *data = static_cast<const unsigned char *>(tensor.data);
  if (bytes > 0)
    out.insert(out.end(), data, data + bytes);
  return Status::success();
}

Status writeNpy(const std::string &path, const TensorView &tensor) {
  std::string header;
  if (Status s = buildHeader(tensor, path, header); !s)
    return s;
  size_t bytes = 0;
  (void)denseByteSize(tensor.dtype, tensor.rank, tensor.dims, bytes);
  return io::writeWholeFile(path, header.data(), header.size(), tensor.data, bytes);
}

} // namespace thymos::rt
