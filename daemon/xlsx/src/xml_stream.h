// Streaming XML over expat for the workbook parts: handlers see local names (prefixes such as
// "x:" dropped), attributes by local name, and character data; any handler can stop the parse
// with an error.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "targetwatch/model/result.h"

namespace targetwatch::xlsx::detail {

/// Expat's attribute list (name, value, name, value, ..., nullptr).
class Attributes {
 public:
  explicit Attributes(const char** pairs) : pairs_(pairs) {}
  /// The value of the attribute whose local name (no namespace prefix) is `wanted`, if present.
  std::optional<std::string_view> get(std::string_view wanted) const;

 private:
  const char** pairs_;
};

/// Receives the events of one part. Call fail() to stop with an error.
class XmlHandler {
 public:
  virtual ~XmlHandler() = default;
  virtual void start(std::string_view name, const Attributes& attributes) = 0;
  virtual void end(std::string_view name) = 0;
  virtual void text(std::string_view /*data*/) {}

  const std::string& failure() const { return failure_; }

 protected:
  void fail(std::string message) {
    if (failure_.empty()) failure_ = std::move(message);
  }

 private:
  std::string failure_;
};

/// One part being parsed. Feed it the part's bytes in any chunks, then finish().
class XmlStream {
 public:
  /// `part` names the part in error messages.
  XmlStream(std::string part, XmlHandler& handler);
  XmlStream(const XmlStream&) = delete;
  XmlStream& operator=(const XmlStream&) = delete;
  ~XmlStream();

  Result<Ok> feed(std::string_view chunk);
  Result<Ok> finish();

 private:
  struct Parser;  // expat's parser and the callbacks' context, kept out of this header
  Result<Ok> parse(const char* data, int size, bool final);
  std::string part_;
  XmlHandler& handler_;
  std::unique_ptr<Parser> parser_;
};

/// The local part of an XML name: "x:c" -> "c".
std::string_view local_name(std::string_view name);

}  // namespace targetwatch::xlsx::detail
