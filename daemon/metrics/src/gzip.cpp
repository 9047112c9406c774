// deflate_pieces / GzipBuilder over zlib. Speed over ratio (level 1): the exposition is so
// repetitive that level 1 already shrinks it more than tenfold, at several times the speed of 6.
#include "gzip.h"

#include <zlib.h>

#include <new>

namespace targetwatch::metrics::detail {
namespace {

constexpr int kLevel = Z_BEST_SPEED;

// A raw deflate stream (no zlib or gzip framing), reset for every piece.
class RawDeflater {
 public:
  RawDeflater() {
    // Raw deflate (-15), the default memory level: the framing is added by GzipBuilder.
    if (deflateInit2(&z_, kLevel, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
      throw std::bad_alloc();  // zlib fails to initialize only when out of memory
    }
  }
  ~RawDeflater() { deflateEnd(&z_); }
  RawDeflater(const RawDeflater&) = delete;
  RawDeflater& operator=(const RawDeflater&) = delete;

  // Appends the compressed `text` to `out`: fresh state, ended by a sync flush (byte-aligned,
  // not final), so the result can be followed by any other such piece. Empty text adds nothing.
  // A piece is one department's family: far below uInt's 4 GiB.
  void piece(std::string_view text, std::string& out) {
    if (text.empty()) return;
    deflateReset(&z_);
    z_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
    z_.avail_in = static_cast<uInt>(text.size());
    std::size_t room = deflateBound(&z_, text.size()) + 64;  // + the sync flush's marker
    do {
      const std::size_t start = out.size();
      out.resize(start + room);
      z_.next_out = reinterpret_cast<Bytef*>(out.data() + start);
      z_.avail_out = static_cast<uInt>(room);
      deflate(&z_, Z_SYNC_FLUSH);
      out.resize(out.size() - z_.avail_out);
      room = 4096;
    } while (z_.avail_out == 0);  // the buffer filled up: there may be more output
  }

 private:
  z_stream z_{};
};

void put_le32(std::string& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out += static_cast<char>((v >> (8 * i)) & 0xff);
}

}  // namespace

DeflatedPieces deflate_pieces(std::string_view text, std::span<const std::size_t> bounds) {
  DeflatedPieces out;
  const std::size_t n = bounds.empty() ? 0 : bounds.size() - 1;
  out.offsets.reserve(n + 1);
  out.crcs.reserve(n);
  out.lengths.reserve(n);
  out.data.reserve(text.size() / 8 + 64 * n);
  RawDeflater deflater;
  out.offsets.push_back(0);
  for (std::size_t i = 0; i < n; ++i) {
    const std::string_view piece = text.substr(bounds[i], bounds[i + 1] - bounds[i]);
    deflater.piece(piece, out.data);
    out.offsets.push_back(out.data.size());
    out.crcs.push_back(static_cast<std::uint32_t>(
        crc32(0, reinterpret_cast<const Bytef*>(piece.data()), static_cast<uInt>(piece.size()))));
    out.lengths.push_back(piece.size());
  }
  out.data.shrink_to_fit();
  return out;
}

GzipPieces::GzipPieces() {
  // magic, deflate, no flags, mtime 0, no extra flags, OS unknown
  own(std::string("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff", 10));
}

void GzipPieces::own(std::string text) { pieces_.push_back(owned_.emplace_back(std::move(text))); }

void GzipPieces::add_text(std::string_view text) {
  const std::size_t bounds[] = {0, text.size()};
  DeflatedPieces one = deflate_pieces(text, bounds);
  if (one.lengths[0] == 0) return;
  crc_ = static_cast<std::uint32_t>(
      crc32_combine(crc_, one.crcs[0], static_cast<z_off_t>(one.lengths[0])));
  length_ += one.lengths[0];
  own(std::move(one.data));
}

void GzipPieces::add_piece(const DeflatedPieces& pieces, std::size_t i) {
  if (pieces.lengths[i] == 0) return;
  pieces_.push_back(pieces.piece(i));
  crc_ = static_cast<std::uint32_t>(
      crc32_combine(crc_, pieces.crcs[i], static_cast<z_off_t>(pieces.lengths[i])));
  length_ += pieces.lengths[i];
}

void GzipPieces::finish() {
  std::string tail("\x03\x00", 2);  // a final fixed-Huffman block holding only end-of-block
  put_le32(tail, crc_);
  put_le32(tail, static_cast<std::uint32_t>(length_));  // ISIZE is the length modulo 2^32
  own(std::move(tail));
}

std::string join(std::span<const std::string_view> pieces) {
  std::size_t size = 0;
  for (std::string_view p : pieces) size += p.size();
  std::string out;
  out.reserve(size);
  for (std::string_view p : pieces) out += p;
  return out;
}

std::string gzip(std::string_view text) {
  GzipPieces gz;
  gz.add_text(text);
  gz.finish();
  return join(gz.pieces());
}

}  // namespace targetwatch::metrics::detail
