// ByteWriter / ByteReader: fixed little-endian layout whatever the host, bounds-checked reads.
#include "byte_codec.h"

#include <bit>
#include <cstring>

namespace targetwatch::config_detail {

void ByteWriter::u32(std::uint32_t v) {
  for (int i = 0; i < 4; ++i) u8(static_cast<std::uint8_t>(v >> (8 * i)));
}

void ByteWriter::u64(std::uint64_t v) {
  for (int i = 0; i < 8; ++i) u8(static_cast<std::uint8_t>(v >> (8 * i)));
}

void ByteWriter::f64(double v) { u64(std::bit_cast<std::uint64_t>(v)); }

void ByteWriter::str(std::string_view v) {
  u64(v.size());
  out_.append(v);
}

bool ByteReader::take(std::size_t n, const char*& p) {
  if (!ok_ || n > remaining()) {
    ok_ = false;
    return false;
  }
  p = in_.data() + pos_;
  pos_ += n;
  return true;
}

std::uint8_t ByteReader::u8() {
  const char* p = nullptr;
  return take(1, p) ? static_cast<std::uint8_t>(*p) : 0;
}

std::uint32_t ByteReader::u32() {
  const char* p = nullptr;
  if (!take(4, p)) return 0;
  std::uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v |= std::uint32_t{static_cast<unsigned char>(p[i])} << (8 * i);
  return v;
}

std::uint64_t ByteReader::u64() {
  const char* p = nullptr;
  if (!take(8, p)) return 0;
  std::uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v |= std::uint64_t{static_cast<unsigned char>(p[i])} << (8 * i);
  return v;
}

double ByteReader::f64() { return std::bit_cast<double>(u64()); }

std::string_view ByteReader::bytes(std::size_t n) {
  const char* p = nullptr;
  return take(n, p) ? std::string_view(p, n) : std::string_view();
}

std::string ByteReader::str() {
  const std::uint64_t n = u64();
  if (n > remaining()) {
    fail();
    return {};
  }
  return std::string(bytes(static_cast<std::size_t>(n)));
}

std::size_t ByteReader::count(std::size_t min_element_bytes) {
  const std::uint64_t n = u64();
  if (min_element_bytes > 0 && n > remaining() / min_element_bytes) fail();
  return ok_ ? static_cast<std::size_t>(n) : 0;
}

bool ByteReader::flag() {
  const std::uint8_t v = u8();
  if (v > 1) fail();
  return v == 1;
}

}  // namespace targetwatch::config_detail
