// gzip bodies assembled from independently compressed pieces (private), so that the compressed
// form of each department's families is made once and any selection of departments is served
// by referencing those pieces (the technique of pigz: raw deflate segments that end byte-aligned
// with a sync flush and reference nothing before them can be concatenated into one deflate stream).
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
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

/// One gzip member (RFC 1952) as a sequence of pieces, so that cached compressed pieces are
/// referenced rather than copied: the member's header and trailer and any text compressed now
/// are kept by the object, the pieces of DeflatedPieces only viewed.
class GzipPieces {
 public:
  GzipPieces();
  GzipPieces(GzipPieces&&) = default;  // the views stay valid: what they point into does not move
  GzipPieces& operator=(GzipPieces&&) = default;
  /// A piece compressed now (for small, changing text such as the health families).
  void add_text(std::string_view text);
  /// Piece `i` of `pieces`, viewed: `pieces` must outlive this object's pieces().
  void add_piece(const DeflatedPieces& pieces, std::size_t i);
  /// Ends the deflate stream and appends the trailer; nothing may be added afterwards.
  void finish();
  /// The member, in order.
  const std::vector<std::string_view>& pieces() const { return pieces_; }

 private:
  void own(std::string text);

  std::deque<std::string> owned_;  // a deque: appending never moves the strings viewed
  std::vector<std::string_view> pieces_;
  std::uint32_t crc_ = 0;
  std::size_t length_ = 0;
};

/// The pieces of a body back to back in one string (one allocation).
std::string join(std::span<const std::string_view> pieces);

/// `text` as one gzip member.
std::string gzip(std::string_view text);

}  // namespace targetwatch::metrics::detail
