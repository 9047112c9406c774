// gzip bodies assembled from independently compressed pieces (private), so that the compressed
// form of each department's families is made once and any selection of departments is served
// by copying (the technique of pigz: raw deflate segments that end byte-aligned with a sync
// flush and reference nothing before them can be concatenated into one deflate stream).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace targetwatch::metrics::detail {

/// A text split into pieces, each compressed on its own.
struct DeflatedPieces {
  std::string data;                  ///< the compressed pieces, back to back
  std::vector<std::size_t> offsets;  ///< piece i is data[offsets[i], offsets[i + 1])
  std::vector<std::uint32_t> crcs;   ///< CRC-32 of each piece's text
  std::vector<std::size_t> lengths;  ///< length of each piece's text

  std::size_t size() const { return crcs.size(); }
  std::string_view piece(std::size_t i) const {
    return std::string_view(data).substr(offsets[i], offsets[i + 1] - offsets[i]);
  }
};

/// Compresses text[bounds[i], bounds[i + 1]) for every i (bounds.size() - 1 pieces).
DeflatedPieces deflate_pieces(std::string_view text, std::span<const std::size_t> bounds);

/// Builds one gzip member (RFC 1952) from pieces, in order.
class GzipBuilder {
 public:
  explicit GzipBuilder(std::size_t reserve = 0);
  /// A piece compressed now (for small, changing text such as the health families).
  void add_text(std::string_view text);
  /// Piece `i` of `pieces`, copied.
  void add_piece(const DeflatedPieces& pieces, std::size_t i);
  /// Ends the deflate stream and appends the trailer; the builder is spent afterwards.
  std::string finish();

 private:
  std::string out_;
  std::uint32_t crc_ = 0;
  std::size_t length_ = 0;
};

/// `text` as one gzip member.
std::string gzip(std::string_view text);

}  // namespace targetwatch::metrics::detail
