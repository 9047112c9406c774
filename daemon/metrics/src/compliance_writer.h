// A direct writer of the compliance families in the text format (private): the same bytes as
// prometheus::TextSerializer over the collectable, without building a MetricFamily per series.
#pragma once

#include <string>
#include <string_view>

#include "targetwatch/evaluate/evaluation.h"

namespace targetwatch::metrics::detail {

/// Appends `key="value"` with the text format's escaping (backslash, quote, newline).
void append_label(std::string& out, std::string_view key, std::string_view value);

/// Appends the compliance exposition of `evaluation` to `out`.
void write_compliance(const Evaluation& evaluation, std::string& out);

}  // namespace targetwatch::metrics::detail
