// The zip container of a workbook, opened from memory, with entries streamed out in chunks under
// the size, count and compression-ratio limits.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "targetwatch/model/result.h"
#include "targetwatch/xlsx/workbook.h"

namespace targetwatch::xlsx::detail {

class ZipReader {
 public:
  /// Receives the uncompressed bytes of an entry piece by piece; an error stops the reading.
  using Sink = std::function<Result<Ok>(std::string_view chunk)>;

  /// Fails for bytes that are not a zip archive, password-protected (OLE-wrapped) workbooks and
  /// archives with more entries than the limit. `bytes` must outlive the reader.
  static Result<ZipReader> open(std::string_view bytes, const Limits& limits);

  ZipReader(ZipReader&&) noexcept;
  ZipReader& operator=(ZipReader&&) noexcept;
  ~ZipReader();

  /// Whether an entry of that name exists (part names compare case-insensitively, as in OPC).
  bool contains(const std::string& name) const;
  /// Streams one entry to `sink`. Errors for a missing or encrypted entry, a corrupt archive and
  /// the per-entry and total limits (checked against the declared sizes first, then against the
  /// bytes actually produced, so lying headers do not help).
  Result<Ok> read(const std::string& name, const Sink& sink);

 private:
  struct State;
  explicit ZipReader(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace targetwatch::xlsx::detail
