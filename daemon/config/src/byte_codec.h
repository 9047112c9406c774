// A small binary writer and a bounds-checked reader: little-endian numbers, length-prefixed
// strings. The targets cache's encoding is built on them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace targetwatch::config_detail {

/// Appends values to a byte string.
class ByteWriter {
 public:
  void u8(std::uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void u32(std::uint32_t v);
  void u64(std::uint64_t v);
  void i32(std::int32_t v) { u32(static_cast<std::uint32_t>(v)); }
  void f64(double v);  ///< the IEEE-754 bits, so every value (-0.0 included) comes back exactly
  void bytes(std::string_view v) { out_.append(v); }
  void str(std::string_view v);  ///< u64 length, then the bytes
  const std::string& data() const { return out_; }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

/// Reads what ByteWriter wrote. Never reads past the end: a read that does not fit fails the
/// reader (sticky) and yields zero/empty, so a decoder may read on and check ok() once at the end.
class ByteReader {
 public:
  explicit ByteReader(std::string_view in) : in_(in) {}

  std::uint8_t u8();
  std::uint32_t u32();
  std::uint64_t u64();
  std::int32_t i32() { return static_cast<std::int32_t>(u32()); }
  double f64();
  std::string_view bytes(std::size_t n);
  std::string str();
  /// An element count; fails when even `min_element_bytes` per element would not fit, so a
  /// corrupted count cannot make the caller reserve gigabytes.
  std::size_t count(std::size_t min_element_bytes);
  /// A bool written as u8 0/1; anything else fails.
  bool flag();
  /// An enumerator written as u8; values above `last` fail.
  template <typename E>
  E enumerator(E last) {
    const std::uint8_t v = u8();
    if (v > static_cast<std::uint8_t>(last)) fail();
    return ok_ ? static_cast<E>(v) : E{};
  }

  void fail() { ok_ = false; }
  bool ok() const { return ok_; }
  bool at_end() const { return pos_ == in_.size(); }
  std::size_t remaining() const { return in_.size() - pos_; }

 private:
  bool take(std::size_t n, const char*& p);

  std::string_view in_;
  std::size_t pos_ = 0;
  bool ok_ = true;
};

}  // namespace targetwatch::config_detail
