// Result<T, E>: the value or the error of an operation that can fail on bad input
// (std::expected-like).
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace targetwatch {

/// An expected failure with a human-readable message (bad input, missing file, ...).
struct Error {
  std::string message;
};

/// Holds either a T or an E. Accessing the wrong alternative is a programmer error (throws).
template <typename T, typename E = Error>
class Result {
 public:
  Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
  Result(E error) : v_(std::in_place_index<1>, std::move(error)) {}  // NOLINT: implicit by design

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  E& error() & { return std::get<1>(v_); }
  const E& error() const& { return std::get<1>(v_); }
  E&& error() && { return std::get<1>(std::move(v_)); }

 private:
  std::variant<T, E> v_;
};

/// Result of an operation that returns nothing on success.
struct Ok {};

}  // namespace targetwatch
